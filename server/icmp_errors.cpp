#include "server/icmp_errors.hpp"

#include <linux/errqueue.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <optional>

#include "server/socket_address.hpp"

namespace turn::server {
namespace {

// The extended error of one error-queue message, if an ICMP message caused it.
std::optional<relay::PeerIcmp> icmp_of(msghdr& h) {
    for (cmsghdr* c = CMSG_FIRSTHDR(&h); c != nullptr; c = CMSG_NXTHDR(&h, c)) {
        const bool v4 = c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_RECVERR;
        const bool v6 = c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_RECVERR;
        if ((!v4 && !v6) || c->cmsg_len < CMSG_LEN(sizeof(sock_extended_err))) continue;
        sock_extended_err e{};
        std::memcpy(&e, CMSG_DATA(c), sizeof e);
        if (e.ee_origin != SO_EE_ORIGIN_ICMP && e.ee_origin != SO_EE_ORIGIN_ICMP6) return std::nullopt;
        // ee_info holds the next-hop MTU for "fragmentation needed" and
        // "packet too big" (the kernel's ip_icmp_error, icmpv6_err).
        return relay::PeerIcmp{e.ee_type, e.ee_code, e.ee_info};
    }
    return std::nullopt;
}

}  // namespace

std::size_t drain_error_queue(int fd, OnPeerIcmp on_icmp) {
    std::size_t read = 0;
    for (; read < kMaxErrorsPerWakeup; ++read) {
        sockaddr_storage destination{};
        // The start of the datagram that caused the error comes back too;
        // it is not needed, so a small buffer takes it (truncated).
        std::array<std::uint8_t, 64> payload{};
        alignas(cmsghdr) std::array<std::uint8_t, 512> control{};
        iovec iov{payload.data(), payload.size()};
        msghdr h{};
        h.msg_name = &destination;
        h.msg_namelen = sizeof destination;
        h.msg_iov = &iov;
        h.msg_iovlen = 1;
        h.msg_control = control.data();
        h.msg_controllen = control.size();
        if (::recvmsg(fd, &h, MSG_ERRQUEUE | MSG_DONTWAIT) < 0) {
            if (errno == EINTR) continue;
            break;  // EAGAIN: the queue is empty
        }
        const auto icmp = icmp_of(h);
        proto::TransportAddress peer;
        if (icmp && from_sockaddr(destination, peer)) on_icmp(peer, *icmp);
    }
    return read;
}

}  // namespace turn::server
