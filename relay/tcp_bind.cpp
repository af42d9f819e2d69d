// RFC 6062 ConnectionBind (§5.4) across worker threads, and the end of TCP
// relay connections: their deadlines (§5.2, §5.3) and the allocation going
// away (§5.5). See tcp_transport.hpp for how a bind crosses threads.
#include "protocol/attributes.hpp"
#include "relay/relay_core.hpp"

namespace turn::relay {

using namespace proto;

void RelayCore::on_connection_bind(Request& r) {
    // §5.4: the data connection is a new TCP or TLS connection (datagram
    // clients got 400 in on_request); like coturn, one that holds an
    // allocation cannot become a data connection.
    if (tcp_ == nullptr || allocations_.find(r.client) != nullptr) return reply_error(r, StunError::BadRequest);
    const auto id = r.msg.get<proto::ConnectionId>();
    if (!id) return reply_error(r, StunError::BadRequest);
    const std::size_t owner = connection_ids_.owner_of(id->value);
    if (owner >= connection_ids_.workers()) return reply_error(r, StunError::BadRequest);
    // Whatever follows the request on this connection is data for the
    // peer: no more frames are read until the owner has answered.
    const auto nonce = r.msg.get<Nonce>();
    tcp_->hold_client(r.client);
    tcp_->forward_bind({id->value, owner, connection_ids_.worker(), r.client, r.reply_to(), std::string(r.username),
                        nonce ? std::string(nonce->value) : std::string(), 0});
}

bool RelayCore::bind_nonce_valid(const BindTicket& t, const Allocation& a) const {
    if (!config_.auth_required || !live_.authenticator) return true;
    return nonce_valid(t.nonce, t.data_client.addr) || nonce_valid(t.nonce, a.client.addr);
}

void RelayCore::on_bind_request(BindTicket t) {
    // §5.4: the id must name a peer connection waiting for its bind, and
    // (RFC 8656 §5) the request must come from the allocation's user.
    TcpConnection* c = tcp_connections_.find(t.id);
    const Allocation* a = c == nullptr ? nullptr : allocations_.find(c->owner);
    if (a == nullptr || c->state != TcpConnectionState::AwaitingBind ||
        (config_.auth_required && t.username != a->username))
        return tcp_->refuse_bind(t, StunError::BadRequest);
    // RFC 8489 §9.2.4: a nonce this server did not give either connection
    // (or gave too long ago) gets 438 with a fresh one.
    if (!bind_nonce_valid(t, *a)) return tcp_->refuse_bind(t, StunError::StaleNonce);
    t.max_bps = a->max_bps;
    if (!tcp_->hand_over(t)) {
        drop_tcp_connection(t.id);
        return tcp_->refuse_bind(t, StunError::BadRequest);
    }
    c->state = TcpConnectionState::Bound;
    c->bound_worker = t.origin_worker;
}

void RelayCore::answer_bind(const BindTicket& t, std::optional<StunError> error) {
    if (error == StunError::StaleNonce) return reply_unauthorized(t.reply, *error);
    if (error) return reply_error(t.reply, *error);
    reply(t.reply, MessageClass::SuccessResponse, [](MessageBuilder&) {});
}

void RelayCore::on_tcp_connection_closed(TcpConnectionId id) {
    const TcpConnection* c = tcp_connections_.find(id);
    if (c != nullptr && c->state == TcpConnectionState::Bound) tcp_connections_.remove(id);
}

void RelayCore::drop_tcp_connection(TcpConnectionId id) {
    tcp_->close_peer(id);
    tcp_connections_.remove(id);
}

void RelayCore::close_tcp_connections(const Allocation& a) {
    // §5.5: the allocation's data connections close with it, wherever
    // they are spliced. (A Connect still under way is not answered: its
    // allocation is gone.)
    const auto owned = tcp_connections_.owned_by(a.client);
    const std::vector<TcpConnectionId> ids(owned.begin(), owned.end());
    for (const TcpConnectionId id : ids) {
        const TcpConnection* c = tcp_connections_.find(id);
        if (c->state == TcpConnectionState::Bound) {
            tcp_->close_bound(id, c->bound_worker);
            tcp_connections_.remove(id);
        } else {
            drop_tcp_connection(id);
        }
    }
}

void RelayCore::sweep_tcp_connections(Millis now) {
    if (tcp_connections_.size() == 0) return;
    tcp_expired_scratch_.clear();
    tcp_connections_.collect_expired(now, tcp_expired_scratch_);
    for (const TcpConnectionId id : tcp_expired_scratch_) {
        const TcpConnection* c = tcp_connections_.find(id);
        // §5.2: a connect that takes too long is a 447; §5.2, §5.3: a peer
        // data connection without a ConnectionBind in time is closed.
        const std::optional<ReplyTo> pending = c->connect_reply;
        drop_tcp_connection(id);
        if (pending) reply_error(*pending, StunError::ConnectionTimeoutOrFailure);
    }
}

}  // namespace turn::relay
