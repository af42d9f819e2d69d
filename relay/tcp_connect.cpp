// RFC 6062 TCP allocations: the Allocate checks (§5.1), Connect (§5.2) and
// peers connecting to the relayed address (§5.3). ConnectionBind and the end
// of connections are in tcp_bind.cpp.
#include <openssl/rand.h>

#include "protocol/attributes.hpp"
#include "relay/relay_core.hpp"

namespace turn::relay {

using namespace proto;

void RelayCore::attach_tcp(TcpTransport& tcp, ConnectionIdSpace ids) {
    tcp_ = &tcp;
    connection_ids_ = ids;
}

std::optional<StunError> RelayCore::check_tcp_allocate(const Request& r, const AllocateAsk& ask) const {
    // §5.1, in its order: TCP relaying must be on (here: 442, as for any
    // transport the server does not offer), the client must be on TCP or
    // TLS, and attributes that only make sense for UDP are refused. A TCP
    // allocation has one relayed address: no dual allocation (400).
    if (tcp_ == nullptr || !config_.tcp_relay) return StunError::UnsupportedTransportProtocol;
    if (!r.client.is_stream()) return StunError::BadRequest;
    if (ask.port.dont_fragment || ask.port.even || ask.token || ask.dual) return StunError::BadRequest;
    return std::nullopt;
}

TcpConnection* RelayCore::add_tcp_connection(const Allocation& a, const TransportAddress& peer,
                                             TcpConnectionState state, Millis deadline) {
    if (tcp_connections_.owned_by(a.client).size() >= config_.tcp_max_connections) return nullptr;
    TcpConnectionId id = 0;
    do {
        std::uint32_t random = 0;
        (void)RAND_bytes(reinterpret_cast<unsigned char*>(&random), sizeof random);
        id = connection_ids_.make(random);
    } while (tcp_connections_.contains(id));
    return &tcp_connections_.insert({id, a.client, peer, state, deadline, std::nullopt, 0});
}

void RelayCore::on_connect(Request& r, Allocation& a) {
    // A UDP allocation cannot connect; coturn answers 403 too.
    if (!a.tcp) return reply_error(r, StunError::Forbidden);
    const auto peer = r.msg.get<XorPeerAddress>();
    if (!peer) return reply_error(r, StunError::BadRequest);
    // 446 when a connection with this peer is being made or exists.
    if (tcp_connections_.find_peer(a.client, peer->address) != nullptr)
        return reply_error(r, StunError::ConnectionAlreadyExists);
    // "Forbidden by local policy" (403): the peer policy, and as for
    // sending to a peer over UDP, a permission for it (RFC 8656 §9).
    if (const auto e = check_peer(a, peer->address)) return reply_error(r, *e);
    const Millis now = clock_.now();
    if (!a.permissions.allows(peer->address, now)) return reply_error(r, StunError::Forbidden);
    TcpConnection* c = add_tcp_connection(a, peer->address, TcpConnectionState::Connecting,
                                          now + seconds(config_.tcp_connect_timeout));
    if (c == nullptr) return reply_error(r, StunError::InsufficientCapacity);
    c->connect_reply = r.reply_to();
    const TcpConnectionId id = c->id;
    // The local end is the relayed transport address; failure, now or
    // later, is a 447.
    if (!tcp_->connect_peer(id, local_address(a.relays[peer->address.family]), peer->address)) {
        tcp_connections_.remove(id);
        reply_error(r, StunError::ConnectionTimeoutOrFailure);
    }
}

void RelayCore::on_peer_connected(TcpConnectionId id, bool ok) {
    TcpConnection* c = tcp_connections_.find(id);
    if (c == nullptr || c->state != TcpConnectionState::Connecting || !c->connect_reply) return;
    const ReplyTo to = *c->connect_reply;
    c->connect_reply.reset();
    if (!ok) {
        drop_tcp_connection(id);
        return reply_error(to, StunError::ConnectionTimeoutOrFailure);
    }
    // Now a peer data connection: its data waits (in the kernel) for the
    // ConnectionBind, which must come within 30 s.
    c->state = TcpConnectionState::AwaitingBind;
    c->deadline = clock_.now() + seconds(config_.tcp_bind_timeout);
    reply(to, MessageClass::SuccessResponse, [id](MessageBuilder& b) { b.add(proto::ConnectionId{id}); });
}

std::optional<TcpConnectionId> RelayCore::on_peer_accepted(Allocation& a, const TransportAddress& peer) {
    // §5.3: without a permission for the peer, the connection is closed
    // at once; otherwise the client hears of it in a ConnectionAttempt.
    const Millis now = clock_.now();
    if (!a.permissions.allows(peer, now)) {
        ++counters_.dropped_no_permission;
        return std::nullopt;
    }
    const TcpConnection* c =
        add_tcp_connection(a, peer, TcpConnectionState::AwaitingBind, now + seconds(config_.tcp_bind_timeout));
    if (c == nullptr) return std::nullopt;
    const TcpConnectionId id = c->id;
    indicate(a.client, Method::ConnectionAttempt,
             [&](MessageBuilder& b) { b.add(XorPeerAddress{peer}).add(proto::ConnectionId{id}); });
    return id;
}

}  // namespace turn::relay
