#include "server/udp_batch.hpp"

#include <algorithm>
#include <cerrno>

namespace turn::server {

RecvPool::RecvPool() : buf_(new std::uint8_t[kSlots * kSlotSize]) {}

std::size_t RecvPool::receive(int fd, IoCounters& counters) {
    first_ = used_;
    const std::size_t room = std::min(kBatch, kSlots - used_);
    for (std::size_t i = 0; i < room; ++i) {
        iov_[i] = {slot(first_ + i) + kHeadroom, kMaxPayload};
        msgs_[i].msg_hdr = {};
        msgs_[i].msg_hdr.msg_name = &addrs_[first_ + i];
        msgs_[i].msg_hdr.msg_namelen = sizeof(sockaddr_storage);
        msgs_[i].msg_hdr.msg_iov = &iov_[i];
        msgs_[i].msg_hdr.msg_iovlen = 1;
        msgs_[i].msg_len = 0;
    }
    const int n = ::recvmmsg(fd, msgs_.data(), static_cast<unsigned>(room), MSG_DONTWAIT, nullptr);
    if (n <= 0) return 0;  // EAGAIN, or an error the next readiness will report again
    for (int i = 0; i < n; ++i) {
        if (msgs_[i].msg_hdr.msg_flags & MSG_TRUNC) ++counters.recv_truncated;
        lengths_[first_ + static_cast<std::size_t>(i)] = msgs_[i].msg_len;
    }
    used_ += static_cast<std::size_t>(n);
    counters.datagrams_in += static_cast<std::uint64_t>(n);
    return static_cast<std::size_t>(n);
}

relay::PacketView RecvPool::packet(std::size_t i) {
    return {slot(first_ + i) + kHeadroom, lengths_[first_ + i], kHeadroom, kTailroom};
}

}  // namespace turn::server
