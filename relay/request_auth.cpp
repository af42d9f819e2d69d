// The long-term credential mechanism on the server side (RFC 8489 §9.2.4, as
// RFC 8656 §5 requires for every TURN request), in the RFC's order: no
// integrity -> 401; missing USERNAME (or USERHASH), REALM or NONCE -> 400;
// with the nonce cookie's "Password algorithms" bit, PASSWORD-ALGORITHM(S)
// that do not echo the offer -> 400; then the nonce -> 438 (checked before
// the user: it is the cheap check, so forged floods cost no key derivation);
// a USERHASH that names nobody, or no key that verifies -> 401. With RFC 7635
// on, a request with ACCESS-TOKEN (or one on a token's session) goes to
// token_auth.cpp after the nonce check instead of to the user's keys.
#include "relay/relay_core.hpp"

#include "auth/bytes.hpp"
#include "auth/challenge_offer.hpp"
#include "protocol/attributes.hpp"
#include "protocol/integrity.hpp"

namespace turn::relay {

using namespace proto;

namespace {

// Who the request says it is (RFC 8489 §9.2.4's second check).
struct LongTermAttributes {
    std::optional<std::string_view> username;
    std::optional<std::span<const std::uint8_t>> userhash;
    std::string_view nonce;
};

// nullopt: 400. USERNAME and USERHASH name the user two ways, and a request
// with both is refused rather than believed either way; one with a
// malformed value (bad UTF-8, a USERHASH of the wrong size) is refused like
// one that lacks it.
std::optional<LongTermAttributes> read_long_term(const StunMessage& m) {
    const bool by_name = m.has(AttrType::Username);
    if (by_name == m.has(AttrType::Userhash)) return std::nullopt;
    const auto realm = m.get<Realm>();
    const auto nonce = m.get<Nonce>();
    if (!realm || !nonce) return std::nullopt;
    LongTermAttributes a{std::nullopt, std::nullopt, nonce->value};
    if (by_name) {
        const auto user = m.get<Username>();
        if (!user) return std::nullopt;
        a.username = user->value;
    } else {
        const auto hash = m.get<Userhash>();
        if (!hash) return std::nullopt;
        a.userhash = hash->value;
    }
    return a;
}

// §9.2.4, after the checks: responses carry MESSAGE-INTEGRITY-SHA256 unless
// the request was processed as MD5 by default, so RFC 5389 clients are
// answered exactly as before. A request signed with MESSAGE-INTEGRITY-SHA256
// is answered with it (§14.6); one that chose an algorithm but signed with
// MESSAGE-INTEGRITY gets both (§14.5 lets the SHA-256 one follow), so it
// can check the one it knows.
IntegrityKind response_integrity(bool request_sha256, const auth::NegotiatedAlgorithm& alg) {
    if (request_sha256) return IntegrityKind::Sha256;
    return alg.by_default ? IntegrityKind::Sha1 : IntegrityKind::Both;
}

}  // namespace

void RelayCore::reply_unauthorized(const Request& r, StunError e) { reply_unauthorized(r.reply_to(), e); }

void RelayCore::reply_unauthorized(ReplyTo to, StunError e) {
    ++counters_.auth_failures;
    // The nonce is a pure function of time, client address and offer:
    // answering a spoofed flood leaves no state behind (DESIGN.md).
    const auth::ChallengeOffer offer = live_.authenticator->challenge_offer();
    const std::string nonce = shared_.nonces.issue(to.client.addr, clock_.unix_seconds(), offer);
    const std::string& realm = live_.authenticator->realm();
    to.key.reset();  // a challenge is not signed
    reply(to, MessageClass::ErrorResponse, [&](MessageBuilder& b) {
        // §9.2.4: 401 and 438 carry PASSWORD-ALGORITHMS; with the cookie's
        // bit set a client must not go on without it (§9.2.5).
        b.add(ErrorCode::of(e)).add(Realm{realm}).add(Nonce{nonce}).add(auth::offered_algorithms(offer.algorithms));
        // RFC 7635 §6.1: the server name tells the client a token from an
        // authorization server is welcome, and which server it must be for.
        if (live_.authenticator->oauth())
            b.add(ThirdPartyAuthorization{auth::bytes_of(live_.authenticator->oauth_server_name())});
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
    const auto attrs = read_long_term(r.msg);
    if (!attrs) {
        reply_error(r, StunError::BadRequest);
        return false;
    }
    // §9.2.4, bid-down checks: the offer this nonce went out with. A nonce
    // not in our format has none, and fails the nonce check just below.
    const auto offer = auth::NonceIssuer::offer_of(attrs->nonce);
    const bool offered = offer && offer->features.password_algorithms();
    const auto algorithm =
        auth::negotiate_password_algorithm(r.msg, offered ? std::optional(offer->algorithms) : std::nullopt);
    if (!algorithm) {
        reply_error(r, StunError::BadRequest);
        return false;
    }
    if (check_nonce && !nonce_valid(attrs->nonce, r.client.addr)) {
        reply_unauthorized(r, StunError::StaleNonce);
        return false;
    }
    r.integrity = response_integrity(sha256, *algorithm);
    if (live_.authenticator->oauth()) {
        const OAuthOutcome outcome = authenticate_oauth(r, attrs->username);
        if (outcome != OAuthOutcome::NotOAuth) return outcome == OAuthOutcome::Accepted;
    }
    if (attrs->userhash && !resolve_userhash(r, *attrs->userhash)) return false;
    if (attrs->username) r.username = *attrs->username;
    return verify_key(r, algorithm->id);
}

bool RelayCore::resolve_userhash(Request& r, std::span<const std::uint8_t> userhash) {
    auto name = live_.authenticator->user_by_userhash(userhash);
    if (!name) {
        reply_auth_failure(r);
        return false;
    }
    r.username_storage = std::move(*name);
    r.username = r.username_storage;
    return true;
}

bool RelayCore::verify_key(Request& r, PasswordAlgorithmId alg) {
    const std::int64_t now = clock_.unix_seconds();
    for (const auto& key : live_.authenticator->candidate_keys(r.username, now, alg)) {
        if (verify_integrity(r.msg, key.view()) != IntegrityStatus::Valid) continue;
        r.key = key;
        return true;
    }
    reply_auth_failure(r);
    return false;
}

void RelayCore::reply_auth_failure(const Request& r) {
    // The user database could not be read: the user or key may exist but is
    // unknown to us, which is the server's fault, not the client's.
    if (live_.authenticator->db_unavailable()) return reply_error(r, StunError::ServerError);
    // §9.2.4: an unknown USERNAME or USERHASH, or a key that does not
    // verify: 401 with a fresh nonce and the offer.
    reply_unauthorized(r, StunError::Unauthorized);
}

}  // namespace turn::relay
