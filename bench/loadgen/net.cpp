#include "bench/loadgen/net.hpp"

#include <arpa/inet.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace turn::bench {

Fd& Fd::operator=(Fd&& o) noexcept {
    if (this != &o) {
        if (fd_ >= 0) ::close(fd_);
        fd_ = o.release();
    }
    return *this;
}

Fd::~Fd() {
    if (fd_ >= 0) ::close(fd_);
}

int Fd::release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
}

namespace {

[[noreturn]] void fail(const std::string& what) { throw std::runtime_error(what + ": " + std::strerror(errno)); }

}  // namespace

sockaddr_in make_sockaddr(const std::string& ip, std::uint16_t port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    if (inet_pton(AF_INET, ip.c_str(), &a.sin_addr) != 1) throw std::runtime_error("not an IPv4 address: " + ip);
    return a;
}

Fd open_udp(const sockaddr_in* server, int buffer_bytes, in_addr_t local_ip) {
    Fd fd(::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (fd.get() < 0) fail("socket");
    // As root, FORCE passes net.core.rmem_max; otherwise the plain option caps quietly.
    if (setsockopt(fd.get(), SOL_SOCKET, SO_RCVBUFFORCE, &buffer_bytes, sizeof buffer_bytes) != 0)
        setsockopt(fd.get(), SOL_SOCKET, SO_RCVBUF, &buffer_bytes, sizeof buffer_bytes);
    if (setsockopt(fd.get(), SOL_SOCKET, SO_SNDBUFFORCE, &buffer_bytes, sizeof buffer_bytes) != 0)
        setsockopt(fd.get(), SOL_SOCKET, SO_SNDBUF, &buffer_bytes, sizeof buffer_bytes);
    sockaddr_in local = make_sockaddr("127.0.0.1", 0);
    local.sin_addr.s_addr = local_ip;
    if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&local), sizeof local) != 0) fail("bind");
    if (server && ::connect(fd.get(), reinterpret_cast<const sockaddr*>(server), sizeof *server) != 0)
        fail("connect");
    return fd;
}

sockaddr_in local_address(int fd) {
    sockaddr_in a{};
    socklen_t len = sizeof a;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) fail("getsockname");
    return a;
}

proto::TransportAddress to_transport(const sockaddr_in& a) {
    std::array<std::uint8_t, 4> ip{};
    std::memcpy(ip.data(), &a.sin_addr, 4);
    return proto::TransportAddress::v4(ip, ntohs(a.sin_port));
}

sockaddr_in to_sockaddr(const proto::TransportAddress& t) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(t.port);
    std::memcpy(&a.sin_addr, t.ip.data(), 4);
    return a;
}

Epoll::Epoll() : fd_(::epoll_create1(EPOLL_CLOEXEC)) {
    if (fd_.get() < 0) fail("epoll_create1");
}

void Epoll::add(int fd, std::uint64_t tag) {
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = tag;
    if (::epoll_ctl(fd_.get(), EPOLL_CTL_ADD, fd, &ev) != 0) fail("epoll_ctl add");
}

void Epoll::remove(int fd) { ::epoll_ctl(fd_.get(), EPOLL_CTL_DEL, fd, nullptr); }

std::span<const epoll_event> Epoll::wait(int timeout_ms) {
    const int n = ::epoll_wait(fd_.get(), events_.data(), static_cast<int>(events_.size()), timeout_ms);
    if (n < 0 && errno != EINTR) fail("epoll_wait");
    return {events_.data(), static_cast<std::size_t>(n < 0 ? 0 : n)};
}

Fd open_timer(std::uint64_t period_ns) {
    Fd fd(::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC));
    if (fd.get() < 0) fail("timerfd_create");
    itimerspec spec{};
    spec.it_interval.tv_sec = static_cast<time_t>(period_ns / 1'000'000'000);
    spec.it_interval.tv_nsec = static_cast<long>(period_ns % 1'000'000'000);
    spec.it_value = spec.it_interval;
    if (::timerfd_settime(fd.get(), 0, &spec, nullptr) != 0) fail("timerfd_settime");
    return fd;
}

std::uint64_t read_timer(int fd) {
    std::uint64_t n = 0;
    if (::read(fd, &n, sizeof n) != static_cast<ssize_t>(sizeof n)) return 0;
    return n;
}

RecvBatch::RecvBatch() : buf_(kSlots * kSlotSize) {}

std::size_t RecvBatch::receive(int fd) {
    for (std::size_t i = 0; i < kSlots; ++i) {
        iov_[i] = {buf_.data() + i * kSlotSize, kSlotSize};
        msgs_[i].msg_hdr = {};
        msgs_[i].msg_hdr.msg_name = &addrs_[i];
        msgs_[i].msg_hdr.msg_namelen = sizeof(sockaddr_in);
        msgs_[i].msg_hdr.msg_iov = &iov_[i];
        msgs_[i].msg_hdr.msg_iovlen = 1;
    }
    const int n = ::recvmmsg(fd, msgs_.data(), kSlots, MSG_DONTWAIT, nullptr);
    return n <= 0 ? 0 : static_cast<std::size_t>(n);
}

std::span<const std::uint8_t> RecvBatch::packet(std::size_t i) const {
    return {buf_.data() + i * kSlotSize, msgs_[i].msg_len};
}

SendBatch::SendBatch() : buf_(kSlots * kSlotSize) {}

void SendBatch::commit(std::size_t len, const sockaddr_in* to) {
    iov_[count_] = {buf_.data() + count_ * kSlotSize, len};
    msgs_[count_].msg_hdr = {};
    if (to) {
        addrs_[count_] = *to;
        msgs_[count_].msg_hdr.msg_name = &addrs_[count_];
        msgs_[count_].msg_hdr.msg_namelen = sizeof(sockaddr_in);
    }
    msgs_[count_].msg_hdr.msg_iov = &iov_[count_];
    msgs_[count_].msg_hdr.msg_iovlen = 1;
    ++count_;
}

std::size_t SendBatch::flush(int fd) {
    std::size_t done = 0;
    while (done < count_) {
        const int n = ::sendmmsg(fd, msgs_.data() + done, static_cast<unsigned>(count_ - done), 0);
        if (n > 0) {
            done += static_cast<std::size_t>(n);
            continue;
        }
        if (errno == EINTR) continue;
        break;  // EAGAIN or a queued ICMP error: the rest of the batch is not offered
    }
    count_ = 0;
    return done;
}

}  // namespace turn::bench
