// Which peer addresses the relay may send to. A TURN server forwards traffic
// into whatever network it sits in, so the default is the safe one: special
// purpose and private addresses are refused (403, RFC 8656 §9.1 lets the
// server refuse any peer) unless the operator allows them.
//
// Order of decision: the server's own listening ports first (nothing
// overrides that: a relay that can send to its own listeners can loop and
// reach whatever service shares the host), then, as coturn documents it,
// allowed-peer-ip (it overrides everything else, including the built-in
// classes), then denied-peer-ip, then the built-in classes. Each applies to
// every form of the peer: IPv4 and IPv4-mapped IPv6 alike, and an IPv6
// address that NAT64 or 6to4 would deliver to IPv4 (64:ff9b::/96,
// 2002::/16) also as that IPv4 address.
#pragma once

#include <string_view>
#include <vector>

#include "relay/ip_range.hpp"

namespace turn::relay {

enum class PeerVerdict : std::uint8_t {
    Allowed,
    DeniedByConfig,   // in a denied-peer-ip range
    Loopback,         // 127.0.0.0/8, ::1 (allowed by allow-loopback-peers)
    Unspecified,      // 0.0.0.0/8, ::
    Multicast,        // 224.0.0.0/4, ff00::/8, and 255.255.255.255
    LinkLocal,        // 169.254.0.0/16 (cloud metadata lives here), fe80::/10
    Private,          // RFC 1918, 100.64.0.0/10, fc00::/7
    Reserved,         // 240.0.0.0/4, ::/96, 100::/64 and other never-routable blocks
    ServerItself,     // one of the server's own addresses at one of its listening ports
};

std::string_view peer_verdict_name(PeerVerdict v);

// Where the server itself listens: every address in `ips` at every port in
// `ports` (TURN, TLS, alternate and signaling ports; wildcard listeners
// make `ips` every local address).
struct OwnEndpoints {
    std::vector<IpRange> ips;
    std::vector<std::uint16_t> ports;

    bool contains(const proto::TransportAddress& a) const;
};

struct PeerPolicyConfig {
    OwnEndpoints own;             // refused whatever else allows them
    bool allow_loopback = false;  // allow-loopback-peers
    std::vector<IpRange> allowed;  // allowed-peer-ip
    std::vector<IpRange> denied;   // denied-peer-ip
};

class PeerPolicy {
public:
    explicit PeerPolicy(PeerPolicyConfig config);
    // `extra_allowed` and `extra_denied` (the user database's lists, may be
    // null) count as if they were in allowed-peer-ip and denied-peer-ip.
    PeerVerdict check(const proto::TransportAddress& peer, const std::vector<IpRange>* extra_allowed = nullptr,
                      const std::vector<IpRange>* extra_denied = nullptr) const;

private:
    PeerVerdict builtin_class(const proto::TransportAddress& a) const;

    PeerPolicyConfig config_;
    struct Block {
        IpRange range;
        PeerVerdict verdict;
    };
    std::vector<Block> builtin_;
};

}  // namespace turn::relay
