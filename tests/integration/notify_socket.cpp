#include "notify_socket.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <stdexcept>

namespace turn::itest {
namespace {

std::atomic<int> sockets_made{0};

bool has_line(std::string_view datagram, std::string_view line) {
    for (std::size_t start = 0; start <= datagram.size();) {
        const auto end = std::min(datagram.find('\n', start), datagram.size());
        if (datagram.substr(start, end - start) == line) return true;
        start = end + 1;
    }
    return false;
}

}  // namespace

NotifySocket::NotifySocket()
    : fd_(::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)),
      name_("@turn-itest-notify-" + std::to_string(::getpid()) + "-" + std::to_string(sockets_made++)) {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::memcpy(addr.sun_path + 1, name_.data() + 1, name_.size() - 1);  // leading NUL: abstract
    const auto length = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + name_.size());
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<const sockaddr*>(&addr), length) != 0)
        throw std::runtime_error("cannot bind the notify socket " + name_ + ": " + std::strerror(errno));
}

NotifySocket::~NotifySocket() {
    if (fd_ >= 0) ::close(fd_);
}

std::optional<std::string> NotifySocket::receive(std::chrono::milliseconds timeout) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return std::nullopt;
    char buf[4096];
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n < 0) return std::nullopt;
    return std::string(buf, static_cast<std::size_t>(n));
}

std::optional<std::string> NotifySocket::wait_for(std::string_view assignment, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (auto now = std::chrono::steady_clock::now(); now < deadline; now = std::chrono::steady_clock::now()) {
        const auto datagram = receive(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now));
        if (datagram && has_line(*datagram, assignment)) return datagram;
    }
    return std::nullopt;
}

}  // namespace turn::itest
