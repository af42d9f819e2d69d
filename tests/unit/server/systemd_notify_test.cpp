// systemd's notification protocol without libsystemd (sd_notify(3)):
// NOTIFY_SOCKET names a path or an abstract socket, WATCHDOG_USEC the
// watchdog period (pings at half of it) for the process in WATCHDOG_PID.
// Values systemd would never set are refused with a reason, not guessed at.
#include <catch2/catch.hpp>

#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "server/event_handles.hpp"
#include "server/systemd_notify.hpp"

using namespace turn;
using namespace turn::server;
using namespace std::chrono_literals;

namespace {

// A variable set for one test, put back as it was afterwards.
class ScopedEnv {
public:
    ScopedEnv(const char* name, const std::string& value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        ::setenv(name, value.c_str(), 1);
    }
    ~ScopedEnv() {
        if (old_)
            ::setenv(name_, old_->c_str(), 1);
        else
            ::unsetenv(name_);
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
    const char* name_;
    std::optional<std::string> old_;
};

// An abstract Unix datagram socket, the service manager's end.
struct Listener {
    Fd fd{::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)};
    std::string name = "@turn-notify-test-" + std::to_string(::getpid());

    Listener() {
        const auto a = parse_notify_socket(name);
        REQUIRE(a);
        REQUIRE(::bind(fd.get(), reinterpret_cast<const sockaddr*>(&a->addr), a->length) == 0);
        timeval tv{2, 0};
        ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    }
    std::string receive() const {
        char buf[512];
        const ssize_t n = ::recv(fd.get(), buf, sizeof buf, 0);
        return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
    }
};

}  // namespace

TEST_CASE("NOTIFY_SOCKET: an absolute path is a filesystem socket, NUL-terminated") {
    const auto a = parse_notify_socket("/run/systemd/notify");
    REQUIRE(a);
    CHECK(std::string(a->addr.sun_path) == "/run/systemd/notify");
    CHECK(a->length == offsetof(sockaddr_un, sun_path) + 20);
}

TEST_CASE("NOTIFY_SOCKET: a leading @ is the abstract namespace, a leading NUL and no terminator") {
    const auto a = parse_notify_socket("@/org/freedesktop/systemd1/notify/123");
    REQUIRE(a);
    CHECK(a->addr.sun_path[0] == '\0');
    CHECK(std::string(a->addr.sun_path + 1, 36) == "/org/freedesktop/systemd1/notify/123");
    CHECK(a->length == offsetof(sockaddr_un, sun_path) + 37);
}

TEST_CASE("NOTIFY_SOCKET: relative paths, a bare @ and other schemes are refused with the value named") {
    for (const char* bad : {"notify", "@", "/", "vsock:2:1234", "run/notify"}) {
        const auto a = parse_notify_socket(bad);
        INFO(bad);
        REQUIRE_FALSE(a);
        CHECK(a.error().find(bad) != std::string::npos);
    }
}

TEST_CASE("NOTIFY_SOCKET: a name longer than a socket address is refused") {
    const auto a = parse_notify_socket("/" + std::string(200, 'x'));
    REQUIRE_FALSE(a);
    CHECK(a.error().find("longer than a socket address") != std::string::npos);
}

TEST_CASE("WATCHDOG_USEC: pings at half the period, for this process or when no pid is named") {
    const auto mine = watchdog_ping_interval("20000000", "4242", 4242);
    REQUIRE(mine);
    CHECK(*mine == std::optional(10'000'000us));
    const auto anyone = watchdog_ping_interval("3000000", nullptr, 4242);
    REQUIRE(anyone);
    CHECK(*anyone == std::optional(1'500'000us));
}

TEST_CASE("WATCHDOG_USEC: unset, or meant for another process, means no watchdog") {
    const auto unset = watchdog_ping_interval(nullptr, nullptr, 4242);
    REQUIRE(unset);
    CHECK_FALSE(unset->has_value());
    const auto other = watchdog_ping_interval("20000000", "1", 4242);
    REQUIRE(other);
    CHECK_FALSE(other->has_value());
}

TEST_CASE("WATCHDOG_USEC and WATCHDOG_PID that are not positive numbers are refused") {
    for (const char* bad : {"", "0", "-5", "10s", "12 "}) {
        INFO(bad);
        CHECK_FALSE(watchdog_ping_interval(bad, nullptr, 4242));
    }
    CHECK_FALSE(watchdog_ping_interval("1000000", "init", 4242));
}

TEST_CASE("outside systemd the notifier is inactive and notify() does nothing") {
    ::unsetenv("NOTIFY_SOCKET");
    std::vector<std::string> warnings;
    const auto n = SystemdNotifier::from_environment(warnings);
    CHECK_FALSE(n.active());
    CHECK(n.notify("READY=1"));
    CHECK(warnings.empty());
}

TEST_CASE("a notifier from the environment delivers its datagrams to the abstract socket") {
    Listener manager;
    ScopedEnv socket("NOTIFY_SOCKET", manager.name);
    ScopedEnv usec("WATCHDOG_USEC", "500000");
    ScopedEnv pid("WATCHDOG_PID", std::to_string(::getpid()));
    std::vector<std::string> warnings;
    const auto n = SystemdNotifier::from_environment(warnings);
    CHECK(warnings.empty());
    REQUIRE(n.active());
    CHECK(n.watchdog_interval() == std::optional(250'000us));
    REQUIRE(n.notify("READY=1\nSTATUS=testing"));
    CHECK(manager.receive() == "READY=1\nSTATUS=testing");
}

TEST_CASE("a bad NOTIFY_SOCKET or WATCHDOG_USEC is a warning, and that part stays off") {
    std::vector<std::string> warnings;
    {
        ScopedEnv socket("NOTIFY_SOCKET", "relative/notify");
        CHECK_FALSE(SystemdNotifier::from_environment(warnings).active());
    }
    Listener manager;
    ScopedEnv socket("NOTIFY_SOCKET", manager.name);
    ScopedEnv usec("WATCHDOG_USEC", "soon");
    const auto n = SystemdNotifier::from_environment(warnings);
    CHECK(n.active());
    CHECK_FALSE(n.watchdog_interval());
    REQUIRE(warnings.size() == 2);
    CHECK(warnings[0].find("relative/notify") != std::string::npos);
    CHECK(warnings[1].find("WATCHDOG_USEC 'soon'") != std::string::npos);
}

TEST_CASE("a manager that stops reading makes notify() fail, never block") {
    Listener manager;
    ScopedEnv socket("NOTIFY_SOCKET", manager.name);
    std::vector<std::string> warnings;
    const auto n = SystemdNotifier::from_environment(warnings);
    int failed = 0;
    for (int i = 0; i < 200; ++i) failed += n.notify("WATCHDOG=1") ? 0 : 1;  // far past the queue's length
    CHECK(failed > 0);
    CHECK(manager.receive() == "WATCHDOG=1");
}

TEST_CASE("a notification to a socket nobody listens on fails with the reason") {
    ScopedEnv socket("NOTIFY_SOCKET", "@turn-notify-test-nobody-" + std::to_string(::getpid()));
    std::vector<std::string> warnings;
    const auto n = SystemdNotifier::from_environment(warnings);
    const auto sent = n.notify("READY=1");
    REQUIRE_FALSE(sent);
    CHECK(sent.error().find("systemd notification failed") != std::string::npos);
}

namespace {

// Runs `base` for `how_long` with a pinger at 50 ms (WATCHDOG_USEC=100000)
// and returns the datagrams the manager got.
std::vector<std::string> pings_during(std::chrono::milliseconds how_long, StallCheck stalled) {
    Listener manager;
    ScopedEnv socket("NOTIFY_SOCKET", manager.name);
    ScopedEnv usec("WATCHDOG_USEC", "100000");
    std::vector<std::string> warnings;
    const auto notifier = SystemdNotifier::from_environment(warnings);
    auto log = Logger::open("stderr", LogLevel::Warning);
    REQUIRE(log);
    EventBasePtr base(event_base_new());
    {
        WatchdogPinger pinger(base.get(), notifier, **log, std::move(stalled));
        const timeval tv{static_cast<time_t>(how_long.count() / 1000), static_cast<suseconds_t>(how_long.count() % 1000 * 1000)};
        event_base_loopexit(base.get(), &tv);
        event_base_dispatch(base.get());
    }
    timeval none{0, 1000};
    ::setsockopt(manager.fd.get(), SOL_SOCKET, SO_RCVTIMEO, &none, sizeof none);
    std::vector<std::string> got;
    for (std::string d; !(d = manager.receive()).empty();) got.push_back(d);
    return got;
}

}  // namespace

TEST_CASE("the watchdog pinger sends WATCHDOG=1 at half of WATCHDOG_USEC from the loop it runs in") {
    const auto got = pings_during(1000ms, {});  // about 20 due; a loaded machine may delay some
    CHECK(got.size() >= 2);
    for (const auto& d : got) CHECK(d == "WATCHDOG=1");
}

TEST_CASE("the watchdog pinger goes silent while a thread is stalled, so systemd restarts the service") {
    CHECK(pings_during(400ms, [] { return std::optional<std::string>("worker 1 stuck"); }).empty());
}

TEST_CASE("a thread is stalled when its last sign of life is older than the limit") {
    using Clock = std::chrono::steady_clock;
    const Clock::time_point now{std::chrono::seconds(100)};
    const std::vector<Clock::time_point> lively{now - 1s, now - 4s};
    CHECK_FALSE(first_stalled(lively, now, 5s));
    const std::vector<Clock::time_point> second_hung{now - 1s, now - 6s, now - 9s};
    CHECK(first_stalled(second_hung, now, 5s) == std::optional<std::size_t>(1));
    CHECK_FALSE(first_stalled({}, now, 5s));
}
