#include "bench/forwarder/recv_pool.hpp"

#include <algorithm>

namespace turn::bench::floor {

RecvPool::RecvPool() : buf_(kSlots * kSlotSize) {
    for (std::size_t i = 0; i < kSlots; ++i) iov_[i] = {buf_.data() + i * kSlotSize, kSlotSize};
}

RecvPool::Range RecvPool::receive(int fd, std::size_t max) {
    const std::size_t want = std::min(max, room());
    for (std::size_t i = used_; i < used_ + want; ++i) {
        msghdr& h = msgs_[i].msg_hdr;
        h = {};
        h.msg_name = &sources_[i];
        h.msg_namelen = sizeof(sockaddr_in);
        h.msg_iov = &iov_[i];
        h.msg_iovlen = 1;
    }
    const int n = want == 0 ? 0 : ::recvmmsg(fd, msgs_.data() + used_, static_cast<unsigned>(want), MSG_DONTWAIT, nullptr);
    const Range r{used_, n > 0 ? static_cast<std::size_t>(n) : 0};
    used_ += r.count;
    return r;
}

std::span<const std::uint8_t> RecvPool::packet(std::size_t i) const {
    return {buf_.data() + i * kSlotSize, msgs_[i].msg_len};
}

}  // namespace turn::bench::floor
