// The long-term credential mechanism on the server side (RFC 8489 §9.2.4, as
// RFC 8656 §5 requires for every TURN request), in the RFC's order: no
// integrity -> 401; missing USERNAME, REALM or NONCE -> 400; a nonce that is
// not (or no longer) valid -> 438; no key that verifies -> 401.
#include "relay/relay_core.hpp"

#include "protocol/attributes.hpp"
#include "protocol/integrity.hpp"

namespace turn::relay {

using namespace proto;

void RelayCore::reply_unauthorized(const Request& r, StunError e) { reply_unauthorized(r.reply_to(), e); }

void RelayCore::reply_unauthorized(ReplyTo to, StunError e) {
    ++counters_.auth_failures;
    // The nonce is a pure function of time and client address: answering a
    // spoofed flood leaves no state behind (DESIGN.md).
    const std::string nonce = shared_.nonces.issue(to.client.addr, clock_.unix_seconds());
    const std::string& realm = live_.authenticator->realm();
    to.key.reset();  // a challenge is not signed
    reply(to, MessageClass::ErrorResponse, [&](MessageBuilder& b) {
        b.add(ErrorCode::of(e)).add(Realm{realm}).add(Nonce{nonce});
    });
}

bool RelayCore::nonce_valid(std::string_view nonce, const TransportAddress& client) const {
    return shared_.nonces.check(nonce, client, clock_.unix_seconds()) == auth::NonceStatus::Valid;
}

bool RelayCore::authenticate(Request& r, bool check_nonce) {
    if (!config_.auth_required || !live_.authenticator) return true;
    const bool sha256 = r.msg.has(AttrType::MessageIntegritySha256);
    if (!sha256 && !r.msg.has(AttrType::MessageIntegrity)) {
        reply_unauthorized(r, StunError::Unauthorized);
        return false;
    }
    const auto user = r.msg.get<Username>();
    const auto realm = r.msg.get<Realm>();
    const auto nonce = r.msg.get<Nonce>();
    if (!user || !realm || !nonce) {
        reply_error(r, StunError::BadRequest);
        return false;
    }
    const std::int64_t now = clock_.unix_seconds();
    if (check_nonce && !nonce_valid(nonce->value, r.client.addr)) {
        reply_unauthorized(r, StunError::StaleNonce);
        return false;
    }
    for (const auto& key : live_.authenticator->candidate_keys(user->value, now)) {
        if (verify_integrity(r.msg, key.view()) != IntegrityStatus::Valid) continue;
        r.key = key;
        r.sha256 = sha256;
        r.username = user->value;
        return true;
    }
    // The user database could not be read: the key may exist but is unknown
    // to us, which is the server's fault, not the client's.
    if (live_.authenticator->db_unavailable()) {
        reply_error(r, StunError::ServerError);
        return false;
    }
    reply_unauthorized(r, StunError::Unauthorized);
    return false;
}

}  // namespace turn::relay
