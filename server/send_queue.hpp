// The datagrams one loop turn sends, flushed together (DESIGN.md "The data
// path"): one sendmmsg per run of datagrams leaving through the same socket,
// and inside it, runs of equal-size datagrams to one destination go as a
// single UDP_SEGMENT (GSO) message, so the kernel routes and builds them once.
#pragma once

#include <netinet/udp.h>
#include <sys/socket.h>

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "server/socket_address.hpp"
#include "server/udp_batch.hpp"
#include "server/uring_batch.hpp"

namespace turn::server {

class SendQueue {
public:
    static constexpr std::size_t kMax = 256;
    static constexpr std::size_t kMaxSegments = 64;      // the kernel's UDP_MAX_SEGMENTS
    static constexpr std::size_t kMaxGsoBytes = 60000;   // a GSO message stays one IP datagram's size
    static constexpr std::size_t kMaxGsoSegment = 1400;  // fits common path MTUs, so GSO never fails on size

    // Whether the kernel takes UDP_SEGMENT (Linux 4.18+), probed on `fd`.
    static bool kernel_supports_gso(int fd);
    void set_gso(bool enabled) { gso_ = enabled; }
    // From here on, flush() hands all of a turn's sends to the kernel in one
    // io_uring submission (uring_batch.hpp). Call on the thread that
    // flushes; an error (io_uring unavailable) leaves the direct path on.
    Result<void, std::string> use_io_uring();

    // `data` must stay valid until flush().
    void push(int fd, const SockAddr& to, std::span<const std::uint8_t> data, IoCounters& counters);
    void flush(IoCounters& counters);

private:
    // How many datagrams from `first` (before `end`) can go as one GSO message.
    std::size_t gso_run(std::size_t first, std::size_t end) const;
    // Sends datagrams [start, end), all from one socket.
    void send_socket_run(std::size_t start, std::size_t end, IoCounters& counters);
    // Messages for datagrams [start, end) (one socket) from msgs_[first]; how many.
    std::size_t build_messages(std::size_t start, std::size_t end, std::size_t first);
    void flush_direct(IoCounters& counters);
    void flush_uring(IoCounters& counters);
    // Accounts for message m that the kernel answered with `result`.
    void settle(std::size_t m, int result, IoCounters& counters);
    bool send_single(std::size_t i, IoCounters& counters);

    using Control = std::array<std::uint8_t, CMSG_SPACE(sizeof(std::uint16_t))>;

    std::array<int, kMax> fds_{};
    std::array<SockAddr, kMax> addrs_{};
    std::array<iovec, kMax> iov_{};
    std::size_t count_ = 0;
    // Built per flush: one message per datagram or GSO run.
    std::array<mmsghdr, kMax> msgs_{};
    std::array<std::size_t, kMax> msg_first_{};
    std::array<std::size_t, kMax> msg_count_{};
    alignas(cmsghdr) std::array<Control, kMax> control_{};
    bool gso_ = false;
    std::array<int, kMax> msg_fd_{};
    std::unique_ptr<UringBatch> uring_;
};

}  // namespace turn::server
