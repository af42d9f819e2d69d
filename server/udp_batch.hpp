// Batched UDP I/O (DESIGN.md "The data path"): recvmmsg into fixed buffers
// that keep headroom in front of every payload, and a send queue flushed with
// one sendmmsg per run of datagrams that leave through the same socket.
#pragma once

#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "relay/relay_core.hpp"
#include "server/socket_address.hpp"

namespace turn::server {

struct IoCounters {
    std::uint64_t datagrams_in = 0;
    std::uint64_t datagrams_out = 0;
    std::uint64_t send_drops = 0;  // the kernel refused (buffer full, ICMP error pending)
    std::uint64_t recv_truncated = 0;
};

class RecvBatch {
public:
    static constexpr std::size_t kSlots = 32;
    static constexpr std::size_t kHeadroom = 64;  // >= relay::kPeerHeadroom, cache-line aligned payloads
    static constexpr std::size_t kTailroom = 4;   // Data indication padding
    static constexpr std::size_t kMaxPayload = 65536;

    RecvBatch();
    // Receives up to kSlots datagrams; 0 when none are waiting.
    std::size_t receive(int fd, IoCounters& counters);
    relay::PacketView packet(std::size_t i);
    const sockaddr_storage& source(std::size_t i) const { return addrs_[i]; }

private:
    static constexpr std::size_t kSlotSize = kHeadroom + kMaxPayload + kTailroom;
    std::vector<std::uint8_t> buf_;
    std::array<sockaddr_storage, kSlots> addrs_{};
    std::array<iovec, kSlots> iov_{};
    std::array<mmsghdr, kSlots> msgs_{};
};

class SendQueue {
public:
    static constexpr std::size_t kMax = 64;

    // `data` must stay valid until flush().
    void push(int fd, const SockAddr& to, std::span<const std::uint8_t> data, IoCounters& counters);
    void flush(IoCounters& counters);

private:
    std::array<int, kMax> fds_{};
    std::array<SockAddr, kMax> addrs_{};
    std::array<iovec, kMax> iov_{};
    std::array<mmsghdr, kMax> msgs_{};
    std::size_t count_ = 0;
};

}  // namespace turn::server
