#include "byte_stream.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <stdexcept>
#include <thread>
#include <utility>

#include "sockaddr.hpp"
#include "turn_client.hpp"

namespace turn::itest {
namespace {

using Clock = std::chrono::steady_clock;

// Long enough for the server's event loop to run between two pieces, so it
// really sees a frame arrive in parts.
constexpr auto kChunkPause = std::chrono::microseconds(500);
constexpr std::size_t kReadBlock = 64 * 1024;

}  // namespace

bool poll_until(int fd, short events, Clock::time_point deadline) {
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        pollfd p{fd, events, 0};
        const int r = ::poll(&p, 1, static_cast<int>(std::max<std::int64_t>(left.count(), 0)));
        if (r < 0 && errno == EINTR) continue;
        return r > 0;
    }
}

bool closed_within(ByteStream& s, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    Bytes discard;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) return false;
        discard.clear();
        switch (s.read(discard, left)) {
            case ReadStatus::Closed: return true;
            case ReadStatus::Timeout: return false;
            case ReadStatus::Data: break;
        }
    }
}

TcpStream::TcpStream(const proto::TransportAddress& server, TcpOptions options) : options_(options) {
    sockaddr_storage s{};
    const socklen_t len = to_sockaddr(server, s);
    fd_ = ::socket(s.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) throw std::runtime_error(errno_text("socket"));
    if (options_.receive_buffer > 0)
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &options_.receive_buffer, sizeof options_.receive_buffer);
    // Each write is its own segment: a test that splits a frame means it.
    const int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&s), len) != 0) {
        const std::string why = errno_text("connect " + server.to_string());
        ::close(fd_);
        throw std::runtime_error(why);
    }
    ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) | O_NONBLOCK);
    local_ = local_address_of(fd_);
}

TcpStream::TcpStream(int connected_fd) : fd_(connected_fd) {
    const int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) | O_NONBLOCK);
    local_ = local_address_of(fd_);
}

TcpStream::TcpStream(TcpStream&& o) noexcept
    : fd_(std::exchange(o.fd_, -1)), options_(o.options_), local_(o.local_) {}

TcpStream::~TcpStream() {
    if (fd_ >= 0) ::close(fd_);
}

bool TcpStream::write(std::span<const std::uint8_t> bytes) {
    if (options_.write_chunk == 0) return write_all(bytes);
    for (std::size_t at = 0; at < bytes.size(); at += options_.write_chunk) {
        if (at > 0) std::this_thread::sleep_for(kChunkPause);
        if (!write_all(bytes.subspan(at, std::min(options_.write_chunk, bytes.size() - at)))) return false;
    }
    return true;
}

bool TcpStream::write_all(std::span<const std::uint8_t> bytes) {
    const auto deadline = Clock::now() + kAnswerTimeout;
    while (!bytes.empty()) {
        const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n > 0) {
            bytes = bytes.subspan(static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN && poll_until(fd_, POLLOUT, deadline)) continue;
        return false;
    }
    return true;
}

ReadStatus TcpStream::read(Bytes& out, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        if (!poll_until(fd_, POLLIN, deadline)) return ReadStatus::Timeout;
        const std::size_t had = out.size();
        out.resize(had + kReadBlock);
        const ssize_t n = ::recv(fd_, out.data() + had, kReadBlock, 0);
        out.resize(had + static_cast<std::size_t>(std::max<ssize_t>(n, 0)));
        if (n > 0) return ReadStatus::Data;
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        return ReadStatus::Closed;  // 0: EOF; ECONNRESET and the like: reset
    }
}

}  // namespace turn::itest
