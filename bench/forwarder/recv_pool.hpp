// Receive buffers for one loop turn: recvmmsg fills the next free slots, so
// datagrams read from several sockets stay in place until the batch that
// points at them has been sent.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace turn::bench::floor {

class RecvPool {
public:
    static constexpr std::size_t kSlots = 256;
    static constexpr std::size_t kSlotSize = 2048;  // above any datagram the benchmark sends (1400 bytes at most)

    RecvPool();

    std::size_t room() const { return kSlots - used_; }
    // Reads up to `max` datagrams (at most room()) from `fd`; returns the
    // index of the first and how many arrived.
    struct Range {
        std::size_t first = 0;
        std::size_t count = 0;
    };
    Range receive(int fd, std::size_t max);
    std::span<const std::uint8_t> packet(std::size_t i) const;
    const sockaddr_in& source(std::size_t i) const { return sources_[i]; }
    // Longer than a slot: cut short by the kernel, not to be forwarded.
    bool truncated(std::size_t i) const { return (msgs_[i].msg_hdr.msg_flags & MSG_TRUNC) != 0; }
    // Every slot free again: the datagrams read so far are no longer needed.
    void reset() { used_ = 0; }

private:
    std::vector<std::uint8_t> buf_;
    std::array<sockaddr_in, kSlots> sources_{};
    std::array<iovec, kSlots> iov_{};
    std::array<mmsghdr, kSlots> msgs_{};
    std::size_t used_ = 0;
};

}  // namespace turn::bench::floor
