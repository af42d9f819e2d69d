// One allocation (RFC 8656 §5): the relayed transport address a client owns
// (two, one per family, for a dual allocation, §7.2), with its permissions,
// channels and lifetime. It belongs to the worker
// thread that created it; nothing here is shared.
#pragma once

#include <memory>
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

// RFC 8016: an allocation whose client asked for a MOBILITY-TICKET, named
// the same for its whole life (mobility_ticket.hpp).
struct Mobility {
    std::uint64_t id = 0;          // unique in the process: the creating worker and a counter
    std::uint32_t generation = 0;  // moves so far; tickets of older generations move nothing
    // RFC 8016 §3.2, make-before-break: after a move, the 5-tuple the client
    // is leaving is still served (its data relayed, peer data sent to it)
    // until the client shows up on the new one, or until `handoff_until`.
    std::optional<ClientKey> old_client;
    std::size_t old_worker = 0;  // the worker thread that 5-tuple reaches
    Millis handoff_until = 0;
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
    // RFC 7635: made with an access token, whose session key (`key`) then
    // signs the client's requests that carry no token, until this time
    // (seconds since 1970); a request with a newer token moves both on, and
    // `username` to its kid.
    std::optional<std::int64_t> token_expiry;

    // Enough to answer a retransmitted Allocate with the same response
    // (RFC 8656 §7.2, the first step of the server's processing).
    proto::TransactionId allocate_tid;
    std::uint32_t granted_lifetime = 0;
    std::optional<PortToken> reservation;
    // RFC 8656 §7.2: why a dual allocation lacks one family (ADDRESS-ERROR-CODE),
    // and whether to say it with coturn's attribute type (AllocateAsk::coturn_types).
    std::optional<proto::StunError> address_error;
    bool coturn_types = false;
    // Its relay sockets set DF (RFC 8656 DONT-FRAGMENT: in the Allocate, or
    // since a Send indication carried it, §11.2).
    bool dont_fragment = false;
    // RFC 6062: the relayed address is a listening TCP socket (one family);
    // its connections live in the core's TcpConnectionTable.
    bool tcp = false;
    std::unique_ptr<Mobility> mobility;  // on the heap: most allocations have none (issue 7 counts bytes)

    PermissionTable permissions;
    ChannelTable channels;
    TrafficCounters traffic;
    std::uint64_t max_bps = 0;     // fixed at creation: config, or the realm's option in the database
    TokenBucket to_peer_budget;    // max-bps, client -> peer
    TokenBucket to_client_budget;  // max-bps, peer -> client
    TokenBucket icmp_budget;       // ICMP reports to the client (peer_icmp.hpp)

    // Where peer data goes: the client's 5-tuple, or during a mobility
    // handoff the one it is leaving.
    const ClientKey& deliver_to() const { return mobility && mobility->old_client ? *mobility->old_client : client; }
};

}  // namespace turn::relay
