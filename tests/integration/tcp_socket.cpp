#include "tcp_socket.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "socket_address.hpp"

namespace turn::itest {

namespace {

using Clock = std::chrono::steady_clock;

}  // namespace

TcpSocket TcpSocket::connect(const proto::TransportAddress& to) {
    sockaddr_storage s{};
    const socklen_t len = to_sockaddr(to, s);
    const int fd = ::socket(s.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) throw socket_error("socket");
    TcpSocket sock(fd);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&s), len) != 0) throw socket_error("connect " + to.to_string());
    sock.local_ = local_address_of(fd);
    return sock;
}

TcpSocket::TcpSocket(int fd) : fd_(fd), local_(local_address_of(fd)) {
    // A backstop under the deadlines: a TLS read that poll() let through
    // but that waits for the rest of a record cannot block for ever.
    const timeval backstop{10, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &backstop, sizeof backstop);
}

TcpSocket::TcpSocket(TcpSocket&& o) noexcept
    : fd_(std::exchange(o.fd_, -1)), local_(o.local_), ctx_(std::move(o.ctx_)), ssl_(std::move(o.ssl_)) {}

TcpSocket::~TcpSocket() {
    ssl_.reset();
    if (fd_ >= 0) ::close(fd_);
}

void TcpSocket::start_tls() {
    ctx_.reset(SSL_CTX_new(TLS_client_method()));
    if (!ctx_) throw std::runtime_error("SSL_CTX_new failed");
    ssl_.reset(SSL_new(ctx_.get()));
    if (!ssl_ || SSL_set_fd(ssl_.get(), fd_) != 1 || SSL_connect(ssl_.get()) != 1)
        throw std::runtime_error("TLS handshake with the server failed");
}

void TcpSocket::send_all(std::span<const std::uint8_t> bytes) {
    while (!bytes.empty()) {
        const long n = ssl_ ? SSL_write(ssl_.get(), bytes.data(), static_cast<int>(bytes.size()))
                            : ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n <= 0 && !ssl_ && errno == EINTR) continue;
        if (n <= 0) throw socket_error("send");
        bytes = bytes.subspan(static_cast<std::size_t>(n));
    }
}

std::optional<Bytes> TcpSocket::read_some(std::chrono::milliseconds timeout, std::size_t max) {
    const auto deadline = Clock::now() + timeout;
    // Decrypted bytes TLS holds already are not visible to poll().
    const bool buffered = ssl_ && SSL_pending(ssl_.get()) > 0;
    if (!buffered && !wait_for(fd_, POLLIN, deadline)) return std::nullopt;
    Bytes out(max);
    const long n = ssl_ ? SSL_read(ssl_.get(), out.data(), static_cast<int>(max)) : ::recv(fd_, out.data(), max, 0);
    if (n <= 0) return Bytes{};  // EOF, reset or a TLS alert: the stream is over
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::optional<Bytes> TcpSocket::read_exact(std::size_t n, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    Bytes out;
    while (out.size() < n) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        auto part = read_some(std::max(left, std::chrono::milliseconds(0)), n - out.size());
        if (!part || part->empty()) return std::nullopt;
        out.insert(out.end(), part->begin(), part->end());
    }
    return out;
}

bool TcpSocket::ends_within(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        auto part = read_some(std::max(left, std::chrono::milliseconds(0)));
        if (!part) return false;
        if (part->empty()) return true;
    }
}

TcpListener::TcpListener() {
    sockaddr_storage s{};
    const socklen_t len = to_sockaddr(ip_port("127.0.0.1", 0), s);
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) throw socket_error("socket");
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&s), len) != 0 || ::listen(fd_, 16) != 0) {
        const auto error = socket_error("listen on 127.0.0.1");
        ::close(fd_);
        throw error;
    }
    local_ = local_address_of(fd_);
}

TcpListener::~TcpListener() { ::close(fd_); }

std::optional<std::pair<TcpSocket, proto::TransportAddress>> TcpListener::accept(std::chrono::milliseconds timeout) {
    if (!wait_for(fd_, POLLIN, Clock::now() + timeout)) return std::nullopt;
    sockaddr_storage s{};
    socklen_t len = sizeof s;
    const int fd = ::accept4(fd_, reinterpret_cast<sockaddr*>(&s), &len, SOCK_CLOEXEC);
    if (fd < 0) return std::nullopt;
    return std::pair<TcpSocket, proto::TransportAddress>(TcpSocket(fd), from_sockaddr(s));
}

}  // namespace turn::itest
