#include "bench/forwarder/gso_batch.hpp"

#include <netinet/udp.h>

#include <cerrno>
#include <cstring>

namespace turn::bench::floor {

namespace {

bool same_address(const sockaddr_in& a, const sockaddr_in& b) {
    return a.sin_port == b.sin_port && a.sin_addr.s_addr == b.sin_addr.s_addr;
}

// The errors with which a kernel or device refuses segmentation itself, as
// opposed to refusing one datagram (EAGAIN, ECONNREFUSED, ...).
bool gso_refused(int err) { return err == EIO || err == EINVAL || err == EOPNOTSUPP; }

}  // namespace

// Only equal sizes join a run: the kernel would accept a shorter last
// segment, but the floor keeps to the plain case.
bool GsoBatch::extends_last(const sockaddr_in& to, std::size_t len) const {
    if (!gso_ || messages_ == 0) return false;
    const Message& m = msg_[messages_ - 1];
    return same_address(m.to, to) && iov_[m.first].iov_len == len && m.segments < kMaxSegments &&
           m.bytes + len <= kMaxGsoBytes;
}

void GsoBatch::push(const sockaddr_in& to, std::span<const std::uint8_t> datagram) {
    iov_[datagrams_] = {const_cast<std::uint8_t*>(datagram.data()), datagram.size()};
    if (extends_last(to, datagram.size())) {
        Message& m = msg_[messages_ - 1];
        ++m.segments;
        m.bytes += datagram.size();
    } else {
        msg_[messages_++] = {to, datagrams_, 1, datagram.size()};
    }
    ++datagrams_;
}

std::size_t GsoBatch::build_headers() {
    for (std::size_t i = 0; i < messages_; ++i) {
        Message& m = msg_[i];
        msghdr& h = hdr_[i].msg_hdr;
        h = {};
        h.msg_name = &m.to;
        h.msg_namelen = sizeof m.to;
        h.msg_iov = &iov_[m.first];
        h.msg_iovlen = m.segments;
        if (m.segments < 2) continue;
        h.msg_control = control_[i].data();
        h.msg_controllen = control_[i].size();
        cmsghdr* c = CMSG_FIRSTHDR(&h);
        c->cmsg_level = SOL_UDP;
        c->cmsg_type = UDP_SEGMENT;
        c->cmsg_len = CMSG_LEN(sizeof(std::uint16_t));
        const auto segment = static_cast<std::uint16_t>(iov_[m.first].iov_len);
        std::memcpy(CMSG_DATA(c), &segment, sizeof segment);
    }
    return messages_;
}

// One sendto per datagram of a message: for a lone datagram, and for the
// segments of a GSO message the kernel refused.
void GsoBatch::send_each(const Message& m, int fd, SendCounters& counters) {
    for (std::size_t i = m.first; i < m.first + m.segments; ++i) {
        ssize_t n;
        do {
            n = ::sendto(fd, iov_[i].iov_base, iov_[i].iov_len, 0, reinterpret_cast<const sockaddr*>(&m.to), sizeof m.to);
            ++counters.syscalls;
        } while (n < 0 && errno == EINTR);
        ++(n < 0 ? counters.dropped : counters.datagrams);
    }
}

void GsoBatch::flush(int fd, SendCounters& counters) {
    if (messages_ == 1 && msg_[0].segments == 1) {
        send_each(msg_[0], fd, counters);
    } else if (messages_ > 0) {
        const std::size_t total = build_headers();
        for (std::size_t m = 0; m < total;) {
            const int sent = ::sendmmsg(fd, hdr_.data() + m, static_cast<unsigned>(total - m), 0);
            ++counters.syscalls;
            if (sent > 0) {
                for (int k = 0; k < sent; ++k, ++m) {
                    counters.datagrams += msg_[m].segments;
                    counters.gso_messages += msg_[m].segments > 1;
                }
                continue;
            }
            if (errno == EINTR) continue;
            if (msg_[m].segments > 1 && gso_refused(errno)) {
                gso_ = false;  // from now on, no GSO from this batch: send this message one by one
                send_each(msg_[m++], fd, counters);
                continue;
            }
            counters.dropped += msg_[m++].segments;  // UDP: this message is lost, the rest still go
        }
    }
    datagrams_ = 0;
    messages_ = 0;
}

}  // namespace turn::bench::floor
