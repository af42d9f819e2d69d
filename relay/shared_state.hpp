// What all worker threads share: configuration, port pools, quotas and the
// credential sources. Read-only after start-up, except PortPool and Quota,
// which lock internally and are touched only when allocations come and go,
// and db_limits, which the auth thread swaps atomically.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "auth/authenticator.hpp"
#include "auth/nonce.hpp"
#include "relay/db_limits.hpp"
#include "relay/mobility_ticket.hpp"
#include "relay/peer_policy.hpp"
#include "relay/port_pool.hpp"
#include "relay/quota.hpp"
#include "relay/relay_config.hpp"

namespace turn::relay {

struct SharedRelayState {
    RelayConfig config;
    std::vector<std::unique_ptr<PortPool>> pools;  // one per config.relay_addresses entry
    Quota quota;
    std::optional<auth::Authenticator> authenticator;  // empty with no-auth
    auth::NonceIssuer nonces;
    PeerPolicy policy;
    DbLimitsSource db_limits;  // from the user database; empty without one
    MobilityTickets tickets;   // RFC 8016: issues and checks MOBILITY-TICKET values
};

}  // namespace turn::relay
