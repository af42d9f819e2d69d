#include "server/udp_batch.hpp"

#include <netinet/udp.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace turn::server {

RecvPool::RecvPool()
    : buf_(new std::uint8_t[kSlots * kSlotSize]), segments_(new std::uint8_t[kSegmentBytes]) {
    views_.reserve(kBatch * kMaxSegments);
}

std::size_t RecvPool::segment_size(std::size_t i) const {
    const msghdr& h = msgs_[i].msg_hdr;
    for (const cmsghdr* c = CMSG_FIRSTHDR(&h); c != nullptr; c = CMSG_NXTHDR(const_cast<msghdr*>(&h), const_cast<cmsghdr*>(c))) {
        if (c->cmsg_level != SOL_UDP || c->cmsg_type != UDP_GRO || c->cmsg_len < CMSG_LEN(sizeof(int))) continue;
        int size = 0;
        std::memcpy(&size, CMSG_DATA(c), sizeof size);
        return size > 0 ? static_cast<std::size_t>(size) : 0;
    }
    return 0;
}

void RecvPool::split(std::size_t s, std::size_t length, std::size_t segment, IoCounters& counters) {
    std::uint8_t* first = slot(s) + kHeadroom;
    if (segment == 0 || segment >= length) {
        views_.push_back({{first, length, kHeadroom, kTailroom}, s});
        return;
    }
    // The first datagram stays in its slot; the others are copied out, each
    // with head- and tailroom of its own, so writing a ChannelData or Data
    // indication header in front of one never touches its neighbour.
    views_.push_back({{first, segment, kHeadroom, kTailroom}, s});
    for (std::size_t offset = segment; offset < length; offset += segment) {
        const std::size_t size = std::min(segment, length - offset);
        // has_batch_room() keeps room for a batch of full buffers; a kernel
        // that packs more than kMaxSegments still cannot overrun the arena.
        if (kSegmentBytes - segment_used_ < kSegmentSize + size) {
            ++counters.gro_overflow;
            continue;
        }
        std::uint8_t* copy = segments_.get() + segment_used_ + kHeadroom;
        std::memcpy(copy, first + offset, size);
        segment_used_ += kSegmentSize + size;
        views_.push_back({{copy, size, kHeadroom, kTailroom}, s});
    }
}

std::size_t RecvPool::receive(int fd, IoCounters& counters) {
    const std::size_t first = used_;
    const std::size_t room = std::min(kBatch, kSlots - used_);
    for (std::size_t i = 0; i < room; ++i) {
        iov_[i] = {slot(first + i) + kHeadroom, kMaxPayload};
        msghdr& h = msgs_[i].msg_hdr;
        h = {};
        h.msg_name = &addrs_[first + i];
        h.msg_namelen = sizeof(sockaddr_storage);
        h.msg_iov = &iov_[i];
        h.msg_iovlen = 1;
        h.msg_control = control_[i].data();
        h.msg_controllen = control_[i].size();
        msgs_[i].msg_len = 0;
    }
    views_.clear();
    const int n = ::recvmmsg(fd, msgs_.data(), static_cast<unsigned>(room), MSG_DONTWAIT, nullptr);
    filled_ = n == static_cast<int>(room);
    if (n <= 0) return 0;  // EAGAIN, or an error the next readiness will report again
    for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i) {
        if (msgs_[i].msg_hdr.msg_flags & MSG_TRUNC) ++counters.recv_truncated;
        const std::size_t segment = segment_size(i);
        if (segment != 0 && segment < msgs_[i].msg_len) ++counters.gro_batches;
        split(first + i, msgs_[i].msg_len, segment, counters);
    }
    used_ += static_cast<std::size_t>(n);
    counters.datagrams_in += views_.size();
    return views_.size();
}

}  // namespace turn::server
