// Sockets for the load client: non-blocking UDP on loopback, epoll, and
// batches for recvmmsg/sendmmsg, so the client spends as few syscalls per
// packet as it can and the servers, not the client, are what is measured.
#pragma once

#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "protocol/transport_address.hpp"

namespace turn::bench {

// An owned file descriptor.
class Fd {
public:
    Fd() = default;
    explicit Fd(int fd) : fd_(fd) {}
    Fd(Fd&& o) noexcept : fd_(o.release()) {}
    Fd& operator=(Fd&& o) noexcept;
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd();
    int get() const { return fd_; }
    int release();

private:
    int fd_ = -1;
};

// A UDP socket bound to `local_ip`:0 (any 127/8 address works on loopback),
// non-blocking; connected to `server` when one is given (client sockets talk
// to one server only).
Fd open_udp(const sockaddr_in* server, int buffer_bytes, in_addr_t local_ip = htonl(INADDR_LOOPBACK));
sockaddr_in local_address(int fd);
sockaddr_in make_sockaddr(const std::string& ip, std::uint16_t port);
proto::TransportAddress to_transport(const sockaddr_in& a);
sockaddr_in to_sockaddr(const proto::TransportAddress& a);

class Epoll {
public:
    Epoll();
    void add(int fd, std::uint64_t tag);
    void remove(int fd);
    // Ready events; timeout in milliseconds (0: poll, -1: forever).
    std::span<const epoll_event> wait(int timeout_ms);

private:
    Fd fd_;
    std::array<epoll_event, 256> events_{};
};

// A periodic timer as a descriptor, so pacing wakes the same epoll loop.
Fd open_timer(std::uint64_t period_ns);
// Expirations since the last read (0 if none).
std::uint64_t read_timer(int fd);

// recvmmsg into fixed slots.
class RecvBatch {
public:
    static constexpr std::size_t kSlots = 64;
    static constexpr std::size_t kSlotSize = 2048;
    RecvBatch();
    std::size_t receive(int fd);
    std::span<const std::uint8_t> packet(std::size_t i) const;
    const sockaddr_in& source(std::size_t i) const { return addrs_[i]; }

private:
    std::vector<std::uint8_t> buf_;
    std::array<sockaddr_in, kSlots> addrs_{};
    std::array<iovec, kSlots> iov_{};
    std::array<mmsghdr, kSlots> msgs_{};
};

// Datagrams queued with their own buffers, sent by sendmmsg from one socket.
class SendBatch {
public:
    static constexpr std::size_t kSlots = 64;
    static constexpr std::size_t kSlotSize = 2048;
    SendBatch();
    bool full() const { return count_ == kSlots; }
    std::size_t size() const { return count_; }
    // Room for the next datagram; commit() queues `len` bytes of it for `to`
    // (nullptr: the socket's connected address).
    std::span<std::uint8_t> next() { return {buf_.data() + count_ * kSlotSize, kSlotSize}; }
    void commit(std::size_t len, const sockaddr_in* to);
    // Sends everything queued; returns how many the kernel took.
    std::size_t flush(int fd);

private:
    std::vector<std::uint8_t> buf_;
    std::array<sockaddr_in, kSlots> addrs_{};
    std::array<iovec, kSlots> iov_{};
    std::array<mmsghdr, kSlots> msgs_{};
    std::size_t count_ = 0;
};

}  // namespace turn::bench
