// The service manager's end of sd_notify(3), for tests: an abstract Unix
// datagram socket whose name a child gets as NOTIFY_SOCKET, as systemd
// gives a Type=notify service.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace turn::itest {

class NotifySocket {
public:
    NotifySocket();  // throws std::runtime_error if it cannot bind
    ~NotifySocket();
    NotifySocket(const NotifySocket&) = delete;
    NotifySocket& operator=(const NotifySocket&) = delete;

    // "NOTIFY_SOCKET=@...", for ChildProcess::spawn's environment.
    std::string environment() const { return "NOTIFY_SOCKET=" + name_; }
    // The next datagram; nullopt after `timeout`.
    std::optional<std::string> receive(std::chrono::milliseconds timeout);
    // Reads datagrams until one has the line `assignment` (e.g. "READY=1")
    // and returns that datagram; nullopt if none comes within `timeout`.
    std::optional<std::string> wait_for(std::string_view assignment, std::chrono::milliseconds timeout);

private:
    int fd_ = -1;
    std::string name_;  // '@' and the abstract name
};

}  // namespace turn::itest
