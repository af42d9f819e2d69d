// Batched UDP receive (DESIGN.md "The data path"): recvmmsg into fixed
// buffers that keep headroom in front of every payload.
#pragma once

#include <sys/socket.h>

#include <array>
#include <memory>
#include <cstdint>
#include <span>
#include <vector>

#include "relay/relay_core.hpp"
#include "server/socket_address.hpp"

namespace turn::server {

struct alignas(relay::kCounterAlign) IoCounters {
    relay::Counter datagrams_in;
    relay::Counter datagrams_out;
    relay::Counter send_drops;  // the kernel refused (buffer full, ICMP error pending)
    relay::Counter recv_truncated;
};

// Receive buffers for a whole loop turn. Datagrams received by different
// callbacks of one turn stay valid together, so replies and relayed packets
// queued by all of them go out in one flush at the end of the turn (and a
// packet relayed to the client never needs copying). When fewer than a batch
// of slots is left, the owner flushes and reset() makes them all free again.
class RecvPool {
public:
    static constexpr std::size_t kBatch = 32;     // datagrams per recvmmsg
    static constexpr std::size_t kSlots = 256;    // datagrams per loop turn before an early flush
    static constexpr std::size_t kHeadroom = 64;  // >= relay::kPeerHeadroom
    static constexpr std::size_t kTailroom = 4;   // Data indication padding
    static constexpr std::size_t kMaxPayload = 65536;

    RecvPool();
    bool has_batch_room() const { return kSlots - used_ >= kBatch; }
    void reset() { used_ = 0; }

    // Receives up to kBatch datagrams into the next free slots; 0 when none
    // are waiting. Requires has_batch_room().
    std::size_t receive(int fd, IoCounters& counters);
    // The i-th datagram of the last receive().
    relay::PacketView packet(std::size_t i);
    const sockaddr_storage& source(std::size_t i) const { return addrs_[first_ + i]; }

private:
    static constexpr std::size_t kSlotSize = kHeadroom + kMaxPayload + kTailroom;
    std::uint8_t* slot(std::size_t i) { return buf_.get() + i * kSlotSize; }

    // Allocated, not filled: only the pages datagrams touch become resident.
    std::unique_ptr<std::uint8_t[]> buf_;
    std::array<sockaddr_storage, kSlots> addrs_{};
    std::array<iovec, kBatch> iov_{};
    std::array<mmsghdr, kBatch> msgs_{};
    std::array<std::uint32_t, kSlots> lengths_{};
    std::size_t used_ = 0;
    std::size_t first_ = 0;
};

}  // namespace turn::server
