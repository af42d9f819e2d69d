// CreatePermission (RFC 8656 §9.1-9.2) and ChannelBind (§12.1-12.2).
#include "protocol/attributes.hpp"
#include "protocol/channel_data.hpp"
#include "protocol/fixed_vector.hpp"
#include "relay/relay_core.hpp"

namespace turn::relay {

using namespace proto;

std::optional<StunError> RelayCore::check_peer(const Allocation& a, const TransportAddress& peer) {
    // RFC 8656 §9.1: a peer of a family the allocation has no relayed address
    // of is a 443 (a dual allocation takes peers of both families).
    if (!a.relays.has(peer.family)) return StunError::PeerAddressFamilyMismatch;
    const auto db = shared_.db_limits.current();
    if (live_.policy->check(peer, db ? &db->allowed : nullptr, db ? &db->denied : nullptr) != PeerVerdict::Allowed) {
        ++counters_.dropped_peer_policy;
        return StunError::Forbidden;
    }
    return std::nullopt;
}

void RelayCore::on_create_permission(Request& r, Allocation& a) {
    // Every peer is checked, and the room for all of them, before any is
    // installed: the request succeeds or changes nothing (RFC 8656 §9.2).
    std::optional<StunError> error;
    FixedVector<TransportAddress, StunMessage::kMaxAttributes> peers;
    r.msg.for_each<XorPeerAddress>([&](const auto& peer) {
        if (error) return;
        if (!peer) {
            error = StunError::BadRequest;
            return;
        }
        error = check_peer(a, peer->address);
        peers.push_back(peer->address);
    });
    if (peers.empty() && !error) error = StunError::BadRequest;
    if (error) return reply_error(r, *error);

    const Millis now = clock_.now();
    a.permissions.expire(now);  // expired permissions hold no room, swept or not
    if (!a.permissions.has_room_for(peers.span())) return reply_error(r, StunError::InsufficientCapacity);
    const Millis expires = now + seconds(config_.permission_lifetime);
    for (const auto& peer : peers) (void)a.permissions.install(peer, expires);
    reply(r, MessageClass::SuccessResponse, [](MessageBuilder&) {});
}

void RelayCore::on_channel_bind(Request& r, Allocation& a) {
    // A TCP allocation has no channels (RFC 6062 §4: data goes over data
    // connections); coturn answers 403 as well.
    if (a.tcp) return reply_error(r, StunError::Forbidden);
    const auto number = r.msg.get<ChannelNumber>();
    const auto peer = r.msg.get<XorPeerAddress>();
    if (!number || !peer || !is_valid_channel_number(number->value)) return reply_error(r, StunError::BadRequest);
    if (const auto e = check_peer(a, peer->address)) return reply_error(r, *e);

    const Millis now = clock_.now();
    // The binding comes with a permission (below): room for it first, so a
    // 508 leaves no channel bound.
    a.permissions.expire(now);
    if (!a.permissions.has_room_for({&peer->address, 1})) return reply_error(r, StunError::InsufficientCapacity);
    switch (a.channels.bind(number->value, peer->address, now, now + seconds(config_.channel_lifetime))) {
        case BindResult::Bound: break;
        case BindResult::NumberInUse:  // RFC 8656 §12.2: both conflicts are 400
        case BindResult::PeerInUse: return reply_error(r, StunError::BadRequest);
        case BindResult::TableFull: return reply_error(r, StunError::InsufficientCapacity);
    }
    // A channel binding installs or refreshes the permission for its peer (§12.2).
    (void)a.permissions.install(peer->address, now + seconds(config_.permission_lifetime));
    reply(r, MessageClass::SuccessResponse, [](MessageBuilder&) {});
}

}  // namespace turn::relay
