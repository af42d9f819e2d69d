// A whole loop turn's sends handed to the kernel in one system call through
// io_uring (liburing), instead of one sendto/sendmmsg per socket.
//
// Measured with bench/: with many flows each allocation's relay socket sends
// about one datagram per turn, so the direct path makes one system call per
// datagram; submitting them together saved about 9% of the CPU per packet in
// the 400-flow client->peer scenario and nothing measurable with few bursty
// flows (where sendmmsg and GSO already batch). Hence an option (`io-uring`),
// off by default: io_uring is often disabled on hardened hosts
// (kernel.io_uring_disabled, seccomp), and the direct path is the baseline.
#pragma once

#include <liburing.h>
#include <sys/socket.h>

#include <cstdint>
#include <memory>
#include <string>

#include "protocol/function_ref.hpp"
#include "protocol/result.hpp"

namespace turn::server {

class UringBatch {
public:
    // A ring of `entries` submissions for the calling thread, which alone
    // may use it (IORING_SETUP_SINGLE_ISSUER where the kernel has it).
    static Result<std::unique_ptr<UringBatch>, std::string> create(unsigned entries);
    ~UringBatch();
    UringBatch(const UringBatch&) = delete;
    UringBatch& operator=(const UringBatch&) = delete;

    // Queues sendmsg(fd, msg, MSG_DONTWAIT); `msg` and what it points to
    // must stay valid until complete(). False when the ring is full.
    bool add_sendmsg(int fd, const msghdr* msg, std::uint64_t tag);
    // Submits what was queued, waits until all of it completed (UDP sends
    // complete inline, so this does not sleep), and reports each result:
    // bytes sent, or -errno.
    void complete(FunctionRef<void(std::uint64_t tag, int result)> done);

private:
    UringBatch() = default;
    io_uring ring_{};
    unsigned queued_ = 0;
};

}  // namespace turn::server
