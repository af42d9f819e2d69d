// The service manager's notification protocol (sd_notify(3)), spoken without
// libsystemd: one datagram per state change ("READY=1", "STOPPING=1",
// "WATCHDOG=1", "STATUS=...") to the Unix datagram socket named by
// $NOTIFY_SOCKET, where a leading '@' means the abstract namespace. With
// Type=notify systemd counts the service as started when READY=1 arrives;
// with WatchdogSec= it restarts the service when WATCHDOG=1 stops coming.
// Outside systemd nothing is set and every call does nothing.
#pragma once

#include <event2/event.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>

#include <chrono>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/result.hpp"
#include "server/event_handles.hpp"
#include "server/logger.hpp"
#include "server/udp_socket.hpp"

namespace turn::server {

struct NotifyAddress {
    sockaddr_un addr{};
    socklen_t length = 0;
};

// $NOTIFY_SOCKET: an absolute path, or '@' and an abstract name, that fits
// in sun_path. The error says what is wrong with it.
Result<NotifyAddress, std::string> parse_notify_socket(std::string_view value);

// sd_watchdog_enabled(3): the watchdog is on when $WATCHDOG_USEC is set and
// $WATCHDOG_PID is unset or this process; pings go at half the period.
// nullopt: no watchdog for this process; an error: a value that is no
// positive number.
Result<std::optional<std::chrono::microseconds>, std::string> watchdog_ping_interval(const char* usec, const char* pid,
                                                                                    pid_t self);

class SystemdNotifier {
public:
    // Reads $NOTIFY_SOCKET, $WATCHDOG_USEC and $WATCHDOG_PID; a value that
    // cannot be used adds a warning and leaves that part off.
    static SystemdNotifier from_environment(std::vector<std::string>& warnings);

    bool active() const { return static_cast<bool>(fd_); }
    // Sends `state` (newline-separated assignments); succeeds doing nothing when inactive.
    Result<void, std::string> notify(std::string_view state) const;
    std::optional<std::chrono::microseconds> watchdog_interval() const { return watchdog_; }

private:
    Fd fd_;
    NotifyAddress address_;
    std::optional<std::chrono::microseconds> watchdog_;
};

// Why the service is hung, or nullopt when it is not: asked before each ping.
using StallCheck = std::function<std::optional<std::string>()>;

// Sends WATCHDOG=1 from `base`'s loop at the notifier's interval, for as
// long as it lives; does nothing without a watchdog. Pings stop while
// `stalled` names a reason (so systemd restarts a service whose other
// threads hang, not only one whose main loop does); the reason and a failed
// send are each logged once, not at every ping.
class WatchdogPinger {
public:
    WatchdogPinger(event_base* base, const SystemdNotifier& notifier, Logger& log, StallCheck stalled = {});

private:
    static void ping_cb(evutil_socket_t, short, void* arg);

    const SystemdNotifier& notifier_;
    Logger& log_;
    StallCheck stalled_;
    bool failure_logged_ = false;
    bool stall_logged_ = false;
    EventPtr timer_;
};

// The first of `last_turns` (a thread's last sign of life each) older than
// `limit` at `now`, if any.
std::optional<std::size_t> first_stalled(std::span<const std::chrono::steady_clock::time_point> last_turns,
                                         std::chrono::steady_clock::time_point now,
                                         std::chrono::steady_clock::duration limit);

}  // namespace turn::server
