// Batched UDP receive (DESIGN.md "The data path"): recvmmsg into fixed
// buffers that keep headroom in front of every payload.
//
// With UDP_GRO on a socket the kernel may hand over several datagrams of one
// flow as one buffer (equal-size segments, the last one possibly shorter):
// from a NIC's GRO engine, or from a sender that used GSO. receive() splits
// them again, so callers always see one packet per datagram, in order.
#pragma once

#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "relay/counter.hpp"
#include "relay/relay_core.hpp"
#include "server/socket_address.hpp"

namespace turn::server {

struct alignas(relay::kCounterAlign) IoCounters {
    relay::Counter datagrams_in;
    relay::Counter datagrams_out;
    relay::Counter send_drops;  // the kernel refused (buffer full, ICMP error pending)
    relay::Counter recv_truncated;
    relay::Counter gro_batches;  // receives that carried several datagrams (UDP_GRO)
    relay::Counter gro_overflow;
    relay::Counter gso_fallbacks;  // GSO refused by the kernel: sent one by one since  // datagrams of GRO buffers beyond the pool's room, dropped
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
    static constexpr std::size_t kMaxSegments = 128;  // the kernel's UDP_MAX_SEGMENTS (64 before Linux 6.11)

    RecvPool();
    bool has_batch_room() const { return kSlots - used_ >= kBatch && kSegmentBytes - segment_used_ >= kBatchSegmentBytes; }
    void reset() {
        used_ = 0;
        segment_used_ = 0;
    }

    // Receives up to kBatch buffers into the next free slots; returns the
    // number of packets (a GRO buffer counts each of its datagrams); 0 when
    // none are waiting. Requires has_batch_room().
    std::size_t receive(int fd, IoCounters& counters);
    // Whether the last receive() filled every buffer it offered: more may be waiting.
    bool filled() const { return filled_; }
    // The i-th packet of the last receive().
    relay::PacketView packet(std::size_t i) const { return views_[i].packet; }
    const sockaddr_storage& source(std::size_t i) const { return addrs_[views_[i].slot]; }

private:
    static constexpr std::size_t kSlotSize = kHeadroom + kMaxPayload + kTailroom;
    static constexpr std::size_t kSegmentSize = kHeadroom + kTailroom;  // per split datagram, plus its bytes
    // Copies of the 2nd..last datagram of GRO buffers, with their own
    // head- and tailroom: room for one batch of full buffers, twice over.
    static constexpr std::size_t kBatchSegmentBytes = kBatch * (kMaxPayload + kMaxSegments * kSegmentSize);
    static constexpr std::size_t kSegmentBytes = 2 * kBatchSegmentBytes;
    using Control = std::array<std::uint8_t, CMSG_SPACE(sizeof(int))>;

    struct View {
        relay::PacketView packet;
        std::size_t slot;  // where the source address is
    };

    std::uint8_t* slot(std::size_t i) { return buf_.get() + i * kSlotSize; }
    // The GRO segment size of message i, or 0 when it holds one datagram.
    std::size_t segment_size(std::size_t i) const;
    // Adds views for the datagrams in slot `s` (`length` bytes, split every `segment` bytes).
    void split(std::size_t s, std::size_t length, std::size_t segment, IoCounters& counters);

    // Allocated, not filled: only the pages datagrams touch become resident.
    std::unique_ptr<std::uint8_t[]> buf_;
    std::unique_ptr<std::uint8_t[]> segments_;
    std::array<sockaddr_storage, kSlots> addrs_{};
    std::array<iovec, kBatch> iov_{};
    std::array<mmsghdr, kBatch> msgs_{};
    alignas(cmsghdr) std::array<Control, kBatch> control_{};
    std::vector<View> views_;
    std::size_t used_ = 0;
    std::size_t segment_used_ = 0;
    bool filled_ = false;
};

}  // namespace turn::server
