// Refresh (RFC 8656 §7.3, §7.4), on the allocation's own 5-tuple; from a
// new 5-tuple with a MOBILITY-TICKET see mobility.cpp.
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
    if (const auto e = check_own_ticket(r, a)) return reply_error(r, *e);
    const ReplyTo to = r.reply_to();
    // RFC 7635: an allocation on a token's session lasts no longer than the
    // token; a Refresh with a newer token (adopted in token_auth.cpp) extends it.
    apply_refresh(a, token_capped(granted_lifetime(r.msg, false), r), {&to, 1});
}

void RelayCore::apply_refresh(Allocation& a, std::uint32_t lifetime, std::span<const ReplyTo> to) {
    // RFC 8016 §3.2: a mobile allocation's success response carries a fresh
    // ticket; one that was just deleted has none to give.
    const bool ticket = lifetime != 0 && a.mobility;
    if (lifetime == 0) {
        // Lifetime 0 deletes the allocation; the response still says 0.
        const ClientKey key = a.client;
        free_allocation(key, EndReason::ClientDeleted);
    } else {
        a.expires_at = clock_.now() + seconds(lifetime);
        report(AllocationEventKind::Refreshed, a);
    }
    for (const ReplyTo& t : to)
        reply(t, MessageClass::SuccessResponse, [&](MessageBuilder& b) {
            b.add(Lifetime{lifetime});
            if (ticket) add_mobility_ticket(b, a);
        });
}

}  // namespace turn::relay
