// ICMP errors for datagrams relay sockets sent to peers (RFC 8656 §11.5).
// With IP_RECVERR / IPV6_RECVERR (UdpOptions::icmp_errors) the kernel keeps
// each one on the socket's error queue, together with the destination of the
// datagram that caused it, and epoll reports the socket readable until the
// queue is empty: whoever watches the socket must read the queue every time.
#pragma once

#include <cstddef>

#include "protocol/function_ref.hpp"
#include "protocol/transport_address.hpp"
#include "relay/peer_icmp.hpp"

namespace turn::server {

// At most this many queued errors per readiness; more wait for the next
// loop turn (epoll reports them again), so one socket cannot hog a thread.
inline constexpr std::size_t kMaxErrorsPerWakeup = 64;

using OnPeerIcmp = FunctionRef<void(const proto::TransportAddress& peer, const relay::PeerIcmp& icmp)>;

// Reads queued errors of `fd` (MSG_ERRQUEUE, never blocking) until the queue
// is empty or kMaxErrorsPerWakeup were read. Calls `on_icmp` for each error
// an ICMP or ICMPv6 message caused, with the original destination; errors
// of local origin (EMSGSIZE under DONT-FRAGMENT, say) are read and dropped.
// Returns how many were read.
std::size_t drain_error_queue(int fd, OnPeerIcmp on_icmp);

}  // namespace turn::server
