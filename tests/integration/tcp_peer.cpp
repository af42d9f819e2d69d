#include "tcp_peer.hpp"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

#include "sockaddr.hpp"

namespace turn::itest {

namespace {

using Clock = std::chrono::steady_clock;

}  // namespace

TcpListener::TcpListener() {
    sockaddr_storage s{};
    const socklen_t len = to_sockaddr(ip_port("127.0.0.1", 0), s);
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) throw std::runtime_error(errno_text("socket"));
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&s), len) != 0 || ::listen(fd_, 16) != 0) {
        const std::string why = errno_text("listen on 127.0.0.1");
        ::close(fd_);
        throw std::runtime_error(why);
    }
    local_ = local_address_of(fd_);
}

TcpListener::~TcpListener() { ::close(fd_); }

std::optional<std::pair<TcpStream, proto::TransportAddress>> TcpListener::accept(std::chrono::milliseconds timeout) {
    if (!poll_until(fd_, POLLIN, Clock::now() + timeout)) return std::nullopt;
    sockaddr_storage s{};
    socklen_t len = sizeof s;
    const int fd = ::accept4(fd_, reinterpret_cast<sockaddr*>(&s), &len, SOCK_CLOEXEC);
    if (fd < 0) return std::nullopt;
    return std::pair<TcpStream, proto::TransportAddress>(TcpStream(fd), from_sockaddr(s));
}

std::optional<Bytes> read_exactly(ByteStream& s, std::size_t n, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    Bytes out;
    while (out.size() < n) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0 || s.read(out, left) != ReadStatus::Data) return std::nullopt;
    }
    if (out.size() > n) return std::nullopt;  // more came than the test sent
    return out;
}

}  // namespace turn::itest
