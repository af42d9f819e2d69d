// Redirecting Allocate requests (RFC 8489 §10, RFC 8656 §7.2), as coturn does
// with alternate-server and tls-alternate-server: 300 (Try Alternate) with
// ALTERNATE-SERVER, round-robin over the list.
//
// The request has passed authentication when the server requires it, so the
// 300 carries MESSAGE-INTEGRITY(-SHA256) with the request's key: RFC 8489
// §14.8 sends 300 only to requests with valid integrity, and a client can
// then trust the redirect. coturn redirects before authenticating; its
// turnutils_uclient follows either. Without authentication (no-auth) the 300
// is unsigned, which §10 allows ("MAY be authenticated").
#include "protocol/attributes.hpp"
#include "relay/relay_core.hpp"

namespace turn::relay {

using namespace proto;

bool RelayCore::redirect_allocate(const Request& r) {
    const AlternateServersConfig& alternates = config_.alternates;
    if (!alternates.enabled()) return false;
    const auto arrival = transport_.arrival(r.client);
    const bool secure = arrival ? arrival->secure : r.client.is_dtls();
    const bool tls_list = secure && !alternates.tls_servers.empty();
    std::size_t& cursor = tls_list ? tls_alternate_cursor_ : alternate_cursor_;
    const AlternatePick pick = pick_alternates(alternates.list_for(secure), r.client.addr.family, cursor);
    if (pick.empty()) return false;  // none of the client's family (§10: that one is mandatory)
    // §10: ALTERNATE-DOMAIN for TLS and DTLS clients whose request was
    // authenticated with MESSAGE-INTEGRITY-SHA256 (those understand it).
    const bool with_domain = secure && r.key && r.integrity == IntegrityKind::Sha256 && !alternates.tls_domain.empty();
    reply(r, MessageClass::ErrorResponse, [&](MessageBuilder& b) {
        b.add(ErrorCode::of(StunError::TryAlternate));
        for (const TransportAddress& server : pick) b.add(AlternateServer{server});
        if (with_domain) b.add(AlternateDomain{alternates.tls_domain});
    });
    return true;
}

}  // namespace turn::relay
