// Refresh (RFC 8656 §7.3, §7.4).
#include "protocol/attributes.hpp"
#include "relay/relay_core.hpp"

namespace turn::relay {

using namespace proto;

void RelayCore::on_refresh(Request& r, Allocation& a) {
    // RFC 8656 §7.5: a REQUESTED-ADDRESS-FAMILY the allocation has no relayed
    // address of is a 443 (a family value this server does not know cannot
    // be one of them); one of the wrong size, like a LIFETIME that does not
    // decode, is a 400. One of its families refreshes (or, with LIFETIME 0,
    // deletes) the whole allocation: its addresses share one lifetime.
    const auto family = r.msg.get<RequestedAddressFamily>();
    if (family ? !a.relays.has(family->family) : family.error() == AttrError::BadFamily)
        return reply_error(r, StunError::PeerAddressFamilyMismatch);
    if ((!family && family.error() != AttrError::Missing) || lifetime_malformed(r.msg))
        return reply_error(r, StunError::BadRequest);
    const std::uint32_t lifetime = granted_lifetime(r.msg, false);
    if (lifetime == 0) {
        // Lifetime 0 deletes the allocation; the response still says 0.
        const ClientKey key = a.client;
        free_allocation(key);
        return reply(r, MessageClass::SuccessResponse, [](MessageBuilder& b) { b.add(Lifetime{0}); });
    }
    a.expires_at = clock_.now() + seconds(lifetime);
    reply(r, MessageClass::SuccessResponse, [&](MessageBuilder& b) { b.add(Lifetime{lifetime}); });
}

}  // namespace turn::relay
