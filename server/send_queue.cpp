#include "server/send_queue.hpp"

#include <cerrno>
#include <cstring>

namespace turn::server {
namespace {

bool same_destination(const SockAddr& a, const SockAddr& b) {
    return a.length == b.length && std::memcmp(&a.storage, &b.storage, a.length) == 0;
}

// Errors that mean segmentation itself is refused, not this one send: no
// checksum offload on the route's device (EIO), a socket or size the kernel
// will not segment (EINVAL), a kernel without UDP GSO (EOPNOTSUPP).
bool gso_refused(int err) { return err == EIO || err == EINVAL || err == EOPNOTSUPP; }

}  // namespace

bool SendQueue::kernel_supports_gso(int fd) {
    int off = 0;
    return ::setsockopt(fd, SOL_UDP, UDP_SEGMENT, &off, sizeof off) == 0;
}

void SendQueue::push(int fd, const SockAddr& to, std::span<const std::uint8_t> data, IoCounters& counters) {
    if (count_ == kMax) flush(counters);
    fds_[count_] = fd;
    addrs_[count_] = to;
    iov_[count_] = {const_cast<std::uint8_t*>(data.data()), data.size()};
    ++count_;
}

std::size_t SendQueue::gso_run(std::size_t first, std::size_t end) const {
    const std::size_t size = iov_[first].iov_len;
    if (!gso_ || size == 0 || size > kMaxGsoSegment) return 1;
    std::size_t n = 1;
    std::size_t total = size;
    // Every segment but the last must be exactly `size` (the last may be shorter).
    while (first + n < end && n < kMaxSegments && same_destination(addrs_[first], addrs_[first + n])) {
        const std::size_t len = iov_[first + n].iov_len;
        if (len > size || len == 0 || total + len > kMaxGsoBytes) break;
        ++n;
        total += len;
        if (len < size) break;
    }
    return n;
}

std::size_t SendQueue::build_messages(std::size_t start, std::size_t end, std::size_t first) {
    std::size_t m = first;
    for (std::size_t i = start; i < end; ++m) {
        const std::size_t n = gso_run(i, end);
        msghdr& h = msgs_[m].msg_hdr;
        h = {};
        h.msg_name = addrs_[i].get();
        h.msg_namelen = addrs_[i].length;
        h.msg_iov = &iov_[i];
        h.msg_iovlen = n;
        if (n > 1) {
            h.msg_control = control_[m].data();
            h.msg_controllen = control_[m].size();
            cmsghdr* c = CMSG_FIRSTHDR(&h);
            c->cmsg_level = SOL_UDP;
            c->cmsg_type = UDP_SEGMENT;
            c->cmsg_len = CMSG_LEN(sizeof(std::uint16_t));
            const auto segment = static_cast<std::uint16_t>(iov_[i].iov_len);
            std::memcpy(CMSG_DATA(c), &segment, sizeof segment);
        }
        msg_first_[m] = i;
        msg_count_[m] = n;
        msg_fd_[m] = fds_[i];
        i += n;
    }
    return m - first;
}

// A lone datagram goes with sendto(): without sendmmsg's message header to
// copy in and length to copy back, the commonest case with many flows (each
// allocation's socket sends one datagram per turn) costs least.
bool SendQueue::send_single(std::size_t i, IoCounters& counters) {
    for (;;) {
        const ssize_t n = ::sendto(fds_[i], iov_[i].iov_base, iov_[i].iov_len, 0, addrs_[i].get(), addrs_[i].length);
        if (n >= 0) {
            ++counters.datagrams_out;
            return true;
        }
        if (errno != EINTR) break;
    }
    ++counters.send_drops;
    return false;
}

void SendQueue::send_socket_run(std::size_t start, std::size_t end, IoCounters& counters) {
    if (end - start == 1) {
        send_single(start, counters);
        return;
    }
    const std::size_t messages = build_messages(start, end, 0);
    for (std::size_t m = 0; m < messages;) {
        const int sent = ::sendmmsg(fds_[start], msgs_.data() + m, static_cast<unsigned>(messages - m), 0);
        if (sent > 0) {
            for (int k = 0; k < sent; ++k) counters.datagrams_out += msg_count_[m + static_cast<std::size_t>(k)];
            m += static_cast<std::size_t>(sent);
            continue;
        }
        if (errno == EINTR) continue;
        if (msg_count_[m] > 1 && gso_refused(errno)) {
            // This kernel or route cannot segment: one by one from here on,
            // for good (GSO would fail the same way every time).
            gso_ = false;
            ++counters.gso_fallbacks;
            send_socket_run(msg_first_[m], end, counters);
            return;
        }
        // UDP: what failed (full buffer, a pending ICMP error on a relay
        // socket) is dropped; the rest still go.
        counters.send_drops += msg_count_[m];
        ++m;
    }
}

Result<void, std::string> SendQueue::use_io_uring() {
    auto ring = UringBatch::create(static_cast<unsigned>(kMax));
    if (!ring) return unexpected(ring.error());
    uring_ = std::move(*ring);
    return {};
}

void SendQueue::flush(IoCounters& counters) {
    // A lone datagram gains nothing from a ring round trip.
    if (uring_ && count_ > 1)
        flush_uring(counters);
    else
        flush_direct(counters);
    count_ = 0;
}

void SendQueue::flush_direct(IoCounters& counters) {
    for (std::size_t start = 0; start < count_;) {
        std::size_t end = start + 1;
        while (end < count_ && fds_[end] == fds_[start]) ++end;
        send_socket_run(start, end, counters);
        start = end;
    }
}

void SendQueue::flush_uring(IoCounters& counters) {
    std::size_t messages = 0;
    for (std::size_t start = 0; start < count_;) {
        std::size_t end = start + 1;
        while (end < count_ && fds_[end] == fds_[start]) ++end;
        messages += build_messages(start, end, messages);
        start = end;
    }
    // kMax messages at most, and the ring has kMax entries: every add fits.
    for (std::size_t m = 0; m < messages; ++m) uring_->add_sendmsg(msg_fd_[m], &msgs_[m].msg_hdr, m);
    uring_->complete([&](std::uint64_t m, int result) { settle(static_cast<std::size_t>(m), result, counters); });
}

void SendQueue::settle(std::size_t m, int result, IoCounters& counters) {
    if (m >= kMax) {  // the ring failed: a message of unknown size is lost
        ++counters.send_drops;
        return;
    }
    if (result >= 0) {
        counters.datagrams_out += msg_count_[m];
        return;
    }
    if (msg_count_[m] > 1 && gso_refused(-result)) {
        // As on the direct path: GSO off for good, this message's datagrams
        // one by one (after the rest of this turn's batch).
        gso_ = false;
        ++counters.gso_fallbacks;
        for (std::size_t i = msg_first_[m]; i < msg_first_[m] + msg_count_[m]; ++i) send_single(i, counters);
        return;
    }
    counters.send_drops += msg_count_[m];
}

}  // namespace turn::server
