// The RFC 6062 peer connections of one worker thread's TCP allocations, by
// CONNECTION-ID: each is connecting (§5.2), waiting for its ConnectionBind
// (§5.2, §5.3) or bound to a client data connection (§5.4). Deadlines are
// data, swept with the thread's other lifetimes (DESIGN.md).
#pragma once

#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "protocol/transport_address.hpp"
#include "relay/clock.hpp"
#include "relay/connection_id.hpp"
#include "relay/reply_to.hpp"
#include "relay/transport.hpp"

namespace turn::relay {

enum class TcpConnectionState : std::uint8_t {
    Connecting,    // §5.2: the server's connect to the peer is under way
    AwaitingBind,  // §5.2/§5.3: a peer data connection without a client data connection
    Bound,         // §5.4: spliced on bound_worker
};

struct TcpConnection {
    TcpConnectionId id = 0;
    ClientKey owner;  // the allocation's client (its control connection)
    proto::TransportAddress peer;
    TcpConnectionState state = TcpConnectionState::Connecting;
    Millis deadline = 0;                  // Connecting and AwaitingBind only
    std::optional<ReplyTo> connect_reply; // the Connect request to answer (§5.2)
    std::size_t bound_worker = 0;         // Bound only
};

class TcpConnectionTable {
public:
    TcpConnection* find(TcpConnectionId id);
    bool contains(TcpConnectionId id) const { return map_.contains(id); }
    TcpConnection& insert(TcpConnection c);
    void remove(TcpConnectionId id);
    std::size_t size() const { return map_.size(); }

    // The connections of one allocation (few: the core caps them), so the
    // allocation itself carries no list.
    std::span<const TcpConnectionId> owned_by(const ClientKey& owner) const;
    // The allocation's connection with `peer` (RFC 6062 §5.2: one per peer).
    const TcpConnection* find_peer(const ClientKey& owner, const proto::TransportAddress& peer) const;
    // Connections still connecting or unbound whose deadline passed.
    void collect_expired(Millis now, std::vector<TcpConnectionId>& out) const;

private:
    std::unordered_map<TcpConnectionId, TcpConnection> map_;
    std::unordered_map<ClientKey, std::vector<TcpConnectionId>, ClientKeyHash> by_owner_;
};

}  // namespace turn::relay
