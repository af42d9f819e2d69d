#include "server/systemd_notify.hpp"

#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>

namespace turn::server {
namespace {

std::optional<std::uint64_t> parse_positive(std::string_view text) {
    std::uint64_t v = 0;
    const auto* end = text.data() + text.size();
    const auto [p, ec] = std::from_chars(text.data(), end, v);
    if (ec != std::errc{} || p != end || v == 0) return std::nullopt;
    return v;
}

}  // namespace

Result<NotifyAddress, std::string> parse_notify_socket(std::string_view value) {
    NotifyAddress out;
    out.addr.sun_family = AF_UNIX;
    if (value.size() < 2 || (value[0] != '/' && value[0] != '@'))
        return unexpected("NOTIFY_SOCKET '" + std::string(value) + "' is neither an absolute path nor @abstract");
    // A path needs its terminating NUL inside sun_path; an abstract name does not.
    const std::size_t room = sizeof out.addr.sun_path - (value[0] == '/' ? 1 : 0);
    if (value.size() > room)
        return unexpected("NOTIFY_SOCKET is " + std::to_string(value.size()) + " bytes, longer than a socket address (" +
                          std::to_string(room) + ")");
    std::memcpy(out.addr.sun_path, value.data(), value.size());
    if (value[0] == '@') out.addr.sun_path[0] = '\0';  // the abstract namespace
    out.length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + value.size() + (value[0] == '/' ? 1 : 0));
    return out;
}

Result<std::optional<std::chrono::microseconds>, std::string> watchdog_ping_interval(const char* usec, const char* pid,
                                                                                    pid_t self) {
    using Interval = std::optional<std::chrono::microseconds>;
    if (usec == nullptr) return Interval{};
    if (pid != nullptr) {
        const auto owner = parse_positive(pid);
        if (!owner) return unexpected("WATCHDOG_PID '" + std::string(pid) + "' is not a process id");
        if (*owner != static_cast<std::uint64_t>(self)) return Interval{};  // meant for another process
    }
    const auto period = parse_positive(usec);
    if (!period) return unexpected("WATCHDOG_USEC '" + std::string(usec) + "' is not a positive number of microseconds");
    return Interval{std::chrono::microseconds(std::max<std::uint64_t>(1, *period / 2))};
}

SystemdNotifier SystemdNotifier::from_environment(std::vector<std::string>& warnings) {
    SystemdNotifier n;
    const char* socket_name = std::getenv("NOTIFY_SOCKET");
    if (socket_name == nullptr || *socket_name == '\0') return n;
    auto address = parse_notify_socket(socket_name);
    if (!address) {
        warnings.push_back("systemd notification off: " + address.error());
        return n;
    }
    // Non-blocking: a manager that stops reading fills its queue (ten
    // datagrams by default), and a blocking send would then hang the loop.
    Fd fd(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!fd) {
        warnings.push_back(std::string("systemd notification off: socket: ") + std::strerror(errno));
        return n;
    }
    n.fd_ = std::move(fd);
    n.address_ = *address;
    auto watchdog = watchdog_ping_interval(std::getenv("WATCHDOG_USEC"), std::getenv("WATCHDOG_PID"), ::getpid());
    if (watchdog)
        n.watchdog_ = *watchdog;
    else
        warnings.push_back("systemd watchdog off: " + watchdog.error());
    return n;
}

Result<void, std::string> SystemdNotifier::notify(std::string_view state) const {
    if (!fd_) return {};
    const auto* to = reinterpret_cast<const sockaddr*>(&address_.addr);
    if (::sendto(fd_.get(), state.data(), state.size(), MSG_NOSIGNAL, to, address_.length) < 0)
        return unexpected(std::string("systemd notification failed: ") + std::strerror(errno));
    return {};
}

WatchdogPinger::WatchdogPinger(event_base* base, const SystemdNotifier& notifier, Logger& log, StallCheck stalled)
    : notifier_(notifier), log_(log), stalled_(std::move(stalled)) {
    const auto interval = notifier.watchdog_interval();
    if (!interval) return;
    const timeval tv{static_cast<time_t>(interval->count() / 1'000'000),
                     static_cast<suseconds_t>(interval->count() % 1'000'000)};
    timer_.reset(event_new(base, -1, EV_PERSIST, &WatchdogPinger::ping_cb, this));
    if (!timer_ || event_add(timer_.get(), &tv) != 0) {
        log_.warning("systemd watchdog off: cannot start its timer");
        timer_.reset();
        return;
    }
    log_.info("systemd watchdog: WATCHDOG=1 every " + std::to_string(interval->count() / 1000) + " ms");
}

void WatchdogPinger::ping_cb(evutil_socket_t, short, void* arg) {
    auto* p = static_cast<WatchdogPinger*>(arg);
    if (const auto stall = p->stalled_ ? p->stalled_() : std::nullopt) {
        if (!p->stall_logged_) p->log_.error(*stall + ": no more WATCHDOG=1, systemd will restart the service");
        p->stall_logged_ = true;
        return;
    }
    if (p->stall_logged_) p->log_.info("systemd watchdog: every thread runs again, WATCHDOG=1 resumes");
    p->stall_logged_ = false;
    const auto sent = p->notifier_.notify("WATCHDOG=1");
    if (!sent && !p->failure_logged_) {
        p->failure_logged_ = true;
        p->log_.warning(sent.error() + " (further watchdog failures are not logged)");
    }
}

std::optional<std::size_t> first_stalled(std::span<const std::chrono::steady_clock::time_point> last_turns,
                                         std::chrono::steady_clock::time_point now,
                                         std::chrono::steady_clock::duration limit) {
    for (std::size_t i = 0; i < last_turns.size(); ++i)
        if (now - last_turns[i] > limit) return i;
    return std::nullopt;
}

}  // namespace turn::server
