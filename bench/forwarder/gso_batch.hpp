// Datagrams leaving through one socket, sent together (DESIGN.md "The data
// path", which the floor does at its simplest): a run of equal-size datagrams
// to one destination becomes one UDP_SEGMENT (GSO) message, and all messages
// go in one sendmmsg -- or one sendto when there is a single datagram.
//
// The payload bytes are not copied: push() keeps a pointer, which must stay
// valid until flush().
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <span>

namespace turn::bench::floor {

struct SendCounters {
    std::uint64_t datagrams = 0;     // taken by the kernel
    std::uint64_t dropped = 0;       // refused (full buffer, queued ICMP error)
    std::uint64_t syscalls = 0;      // sendto and sendmmsg calls
    std::uint64_t gso_messages = 0;  // messages of two or more segments
};

class GsoBatch {
public:
    static constexpr std::size_t kMaxDatagrams = 256;
    static constexpr std::size_t kMaxSegments = 64;      // the kernel's UDP_MAX_SEGMENTS before Linux 6.9
    static constexpr std::size_t kMaxGsoBytes = 65507;   // a GSO message is at most one UDP datagram's payload

    explicit GsoBatch(bool gso) : gso_(gso) {}

    bool empty() const { return datagrams_ == 0; }
    bool full() const { return datagrams_ == kMaxDatagrams; }
    bool gso() const { return gso_; }

    void push(const sockaddr_in& to, std::span<const std::uint8_t> datagram);
    // Sends everything queued from `fd` and empties the batch.
    void flush(int fd, SendCounters& counters);

private:
    struct Message {
        sockaddr_in to{};
        std::size_t first = 0;     // index into iov_
        std::size_t segments = 0;
        std::size_t bytes = 0;
    };

    bool extends_last(const sockaddr_in& to, std::size_t len) const;
    void send_each(const Message& m, int fd, SendCounters& counters);
    std::size_t build_headers();

    using Control = std::array<std::uint8_t, CMSG_SPACE(sizeof(std::uint16_t))>;

    bool gso_;
    std::size_t datagrams_ = 0;
    std::size_t messages_ = 0;
    std::array<iovec, kMaxDatagrams> iov_{};
    std::array<Message, kMaxDatagrams> msg_{};
    std::array<mmsghdr, kMaxDatagrams> hdr_{};
    alignas(cmsghdr) std::array<Control, kMaxDatagrams> control_{};
};

}  // namespace turn::bench::floor
