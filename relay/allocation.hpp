// One allocation (RFC 8656 §5): the relayed transport address a client owns
// (two, one per family, for a dual allocation, §7.2), with its permissions,
// channels and lifetime. It belongs to the worker
// thread that created it; nothing here is shared.
#pragma once

#include <optional>
#include <string>

#include "protocol/credentials.hpp"
#include "protocol/error_code.hpp"
#include "protocol/message_builder.hpp"
#include "protocol/stun_header.hpp"
#include "relay/allocation_info.hpp"
#include "relay/bandwidth.hpp"
#include "relay/channels.hpp"
#include "relay/counter.hpp"
#include "relay/permissions.hpp"
#include "relay/port_pool.hpp"
#include "relay/relay_endpoint.hpp"
#include "relay/transport.hpp"

namespace turn::relay {

// Per allocation (not cache-line aligned: memory per allocation counts more
// than the rare read from another thread).
struct TrafficCounters {
    Counter packets_to_peer;
    Counter bytes_to_peer;
    Counter packets_to_client;
    Counter bytes_to_client;
    Counter dropped_over_bandwidth;

    TrafficCounters& operator+=(const TrafficCounters& o) { return add_traffic(*this, o); }
    // The values now, as plain numbers that may leave the thread.
    TrafficTotals totals() const {
        return {packets_to_peer, bytes_to_peer, packets_to_client, bytes_to_client, dropped_over_bandwidth};
    }
};

struct Allocation {
    std::uint64_t id = 0;                // names it to operators (turnctl); unique server-wide
    ClientKey client;
    RelayEndpoints relays;               // by family; both for a dual allocation
    Millis created_at = 0;
    Millis expires_at = 0;
    std::string username;                // for RFC 8656 §5's same-user rule
    std::string quota_name;              // what user-quota counts (Authenticator::quota_name)
    proto::LongTermKey key;              // signs responses to this client's requests
    proto::IntegrityKind integrity = proto::IntegrityKind::Sha1;

    // Enough to answer a retransmitted Allocate with the same response
    // (RFC 8656 §7.2, the first step of the server's processing).
    proto::TransactionId allocate_tid;
    std::uint32_t granted_lifetime = 0;
    std::optional<PortToken> reservation;
    // RFC 8656 §7.2: why a dual allocation lacks one family (ADDRESS-ERROR-CODE),
    // and whether to say it with coturn's attribute type (AllocateAsk::coturn_types).
    std::optional<proto::StunError> address_error;
    bool coturn_types = false;
    // RFC 6062: the relayed address is a listening TCP socket (one family);
    // its connections live in the core's TcpConnectionTable.
    bool tcp = false;

    PermissionTable permissions;
    ChannelTable channels;
    TrafficCounters traffic;
    std::uint64_t max_bps = 0;     // fixed at creation: config, or the realm's option in the database
    TokenBucket to_peer_budget;    // max-bps, client -> peer
    TokenBucket to_client_budget;  // max-bps, peer -> client
};

}  // namespace turn::relay
