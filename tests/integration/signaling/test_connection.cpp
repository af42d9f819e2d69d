#include "test_connection.hpp"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <utility>

namespace turn::itest {
namespace {

using Clock = std::chrono::steady_clock;

bool wait_for(int fd, short events, Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    pollfd p{fd, events, 0};
    return ::poll(&p, 1, static_cast<int>(std::max<long long>(left, 0))) > 0;
}

int connect_loopback(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || ::connect(fd, reinterpret_cast<const sockaddr*>(&sa), sizeof sa) != 0) {
        if (fd >= 0) ::close(fd);
        throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(port));
    }
    return fd;
}

}  // namespace

TestConnection TestConnection::open(std::uint16_t port, bool tls) {
    const int fd = connect_loopback(port);
    if (!tls) return TestConnection(fd, nullptr, nullptr);
    SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
    SSL* ssl = ctx != nullptr ? SSL_new(ctx) : nullptr;
    TestConnection c(fd, ctx, ssl);  // owns them from here on
    if (ssl == nullptr || SSL_set_fd(ssl, fd) != 1 || SSL_connect(ssl) != 1)
        throw std::runtime_error("TLS handshake with 127.0.0.1:" + std::to_string(port) + " failed");
    return c;
}

TestConnection::TestConnection(TestConnection&& o) noexcept
    : fd_(std::exchange(o.fd_, -1)), unread_(std::move(o.unread_)), ctx_(std::exchange(o.ctx_, nullptr)), ssl_(std::exchange(o.ssl_, nullptr)) {}

TestConnection::~TestConnection() {
    if (ssl_ != nullptr) SSL_free(ssl_);
    if (ctx_ != nullptr) SSL_CTX_free(ctx_);
    if (fd_ >= 0) ::close(fd_);
}

bool TestConnection::write(std::string_view bytes) {
    while (!bytes.empty()) {
        const long n = ssl_ != nullptr ? SSL_write(ssl_, bytes.data(), static_cast<int>(bytes.size()))
                                       : ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n <= 0) return false;
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

ReadResult TestConnection::read(std::string& out, std::chrono::milliseconds timeout) {
    if (!unread_.empty()) {
        out += std::exchange(unread_, {});
        return ReadResult::Data;
    }
    const auto deadline = Clock::now() + timeout;
    // OpenSSL may hold decrypted bytes the socket no longer shows.
    if ((ssl_ == nullptr || SSL_pending(ssl_) == 0) && !wait_for(fd_, POLLIN, deadline)) return ReadResult::Timeout;
    char buf[16384];
    const long n = ssl_ != nullptr ? SSL_read(ssl_, buf, sizeof buf) : ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return ReadResult::Closed;
    out.append(buf, static_cast<std::size_t>(n));
    return ReadResult::Data;
}

bool TestConnection::closed_within(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    std::string discard;
    while (Clock::now() < deadline) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (read(discard, left) == ReadResult::Closed) return true;
        discard.clear();
    }
    return false;
}

}  // namespace turn::itest
