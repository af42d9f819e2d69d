// Refresh (RFC 8656 §7.3, §7.4).
#include "protocol/attributes.hpp"
#include "relay/relay_core.hpp"

namespace turn::relay {

using namespace proto;

void RelayCore::on_refresh(Request& r, Allocation& a) {
    // RFC 8656 §7.4: a REQUESTED-ADDRESS-FAMILY the allocation has no relayed
    // address of is a 443. One of its families refreshes (or, with LIFETIME
    // 0, deletes) the whole allocation: its addresses share one lifetime.
    if (const auto family = r.msg.get<RequestedAddressFamily>(); family && !a.relays.has(family->family))
        return reply_error(r, StunError::PeerAddressFamilyMismatch);
    // RFC 7635: an allocation on a token's session lasts no longer than the
    // token; a Refresh with a newer token (adopted in token_auth.cpp) extends it.
    const std::uint32_t lifetime = token_capped(granted_lifetime(r.msg, false), r);
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
