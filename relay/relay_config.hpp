// The part of the server's configuration the TURN state machine uses, in
// relay terms (seconds, addresses), filled by server/ from the parsed config.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "protocol/transport_address.hpp"
#include "relay/alternate_servers.hpp"
#include "relay/nat_discovery.hpp"

namespace turn::relay {

// A relay IP, and the address clients are told (coturn's external-ip
// `public/private` mapping; the same address when there is no NAT).
struct RelayAddress {
    proto::TransportAddress local;
    proto::TransportAddress advertised;
};

// Allocations name their relay IP in 16 bits (RelayEndpoint::relay_ip).
inline constexpr std::size_t kMaxRelayAddresses = 0xFFFF;

struct RelayConfig {
    bool auth_required = true;             // lt-cred-mech (false with no-auth)
    std::uint32_t default_lifetime = 600;  // RFC 8656 §7.2: 10 minutes
    std::uint32_t max_lifetime = 3600;     // max-allocate-lifetime
    std::uint32_t permission_lifetime = 300;  // RFC 8656 §9: 300 s
    std::uint32_t channel_lifetime = 600;     // RFC 8656 §12: 10 minutes
    std::uint32_t user_quota = 0;          // allocations per user; 0 = unlimited
    std::uint32_t total_quota = 0;         // allocations in all; 0 = unlimited
    std::uint64_t max_bps = 0;             // bytes per second per allocation and direction; 0 = unlimited
    bool fingerprint = false;              // always add FINGERPRINT to responses
    bool no_stun = false;                  // coturn's no-stun: Binding requests ignored
    bool stun_only = false;                // coturn's stun-only: Binding only, TURN requests ignored
    bool tcp_relay = true;                    // RFC 6062 TCP allocations (off with no-tcp-relay)
    std::uint32_t tcp_connect_timeout = 30;   // RFC 6062 §5.2: at least 30 s
    std::uint32_t tcp_bind_timeout = 30;      // §5.2, §5.3: a ConnectionBind within 30 s
    std::uint32_t tcp_max_connections = 64;   // peer connections per TCP allocation
    std::string software;                  // SOFTWARE in responses (server-name); empty = none
    std::vector<RelayAddress> relay_addresses;
    NatDiscoveryConfig discovery;       // RFC 5780; empty: off
    AlternateServersConfig alternates;  // RFC 8489 §10 redirects of Allocate; empty: none
};

}  // namespace turn::relay
