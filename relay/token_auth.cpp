// RFC 7635 third-party authorization on the server (§9). A request with
// ACCESS-TOKEN names an AS-RS key by its kid in USERNAME; the key opens the
// token (AES-GCM, the server name as associated data, §6.2); the token's
// mac_key (or the part of it coturn's clients sign with: auth::session_keys)
// must verify the request's MESSAGE-INTEGRITY(-SHA256) and signs the
// responses; the token's timestamp + lifetime must not be past. Whatever
// fails is 401 with a fresh nonce and THIRD-PARTY-AUTHORIZATION, so the
// client can fetch a new token; the reason is not told, as for a wrong
// password (RFC 8489 §9.2.4).
//
// The client then signs its other requests on the allocation with the same
// session key and sends no token (coturn's uclient puts one in Allocate and
// Refresh only), so the allocation keeps the key until the token expires.
// Lookups touch only the auth thread's snapshot of the oauth_key table: no
// SQLite here, and the AES work comes after the nonce check, so spoofed
// floods never reach it.
#include <algorithm>

#include "auth/access_token.hpp"
#include "protocol/attributes.hpp"
#include "protocol/integrity.hpp"
#include "relay/relay_core.hpp"

namespace turn::relay {

using namespace proto;

RelayCore::OAuthOutcome RelayCore::authenticate_oauth(Request& r, std::optional<std::string_view> username) {
    if (!r.msg.has(AttrType::AccessToken))
        return username ? verify_session_key(r, *username) : OAuthOutcome::NotOAuth;
    // §9: the USERNAME carries the kid; a USERHASH cannot name a key.
    if (!username) {
        reply_error(r, StunError::BadRequest);
        return OAuthOutcome::Refused;
    }
    r.username = *username;
    const auto token = r.msg.get<AccessToken>();
    const auto grant = live_.authenticator->check_access_token(*username, token->value, clock_.unix_seconds());
    if (grant) {
        for (const auto& key : auth::session_keys(grant->mac_key)) {
            if (verify_integrity(r.msg, key.view()) != IntegrityStatus::Valid) continue;
            r.key = key;  // as the client signs, so it can check the responses
            break;
        }
    }
    if (!r.key) {
        reply_auth_failure(r);
        return OAuthOutcome::Refused;
    }
    r.token_expiry = grant->expires_at;
    adopt_session_key(r);
    return OAuthOutcome::Accepted;
}

RelayCore::OAuthOutcome RelayCore::verify_session_key(Request& r, std::string_view username) {
    const Allocation* a = allocations_.find(r.client);
    if (a == nullptr || !a->token_expiry || a->username != username) return OAuthOutcome::NotOAuth;
    r.username = username;
    if (auth::token_expired(*a->token_expiry, clock_.unix_seconds()) ||
        verify_integrity(r.msg, a->key.view()) != IntegrityStatus::Valid) {
        reply_unauthorized(r, StunError::Unauthorized);
        return OAuthOutcome::Refused;
    }
    r.key = a->key;
    r.token_expiry = a->token_expiry;
    return OAuthOutcome::Accepted;
}

void RelayCore::adopt_session_key(const Request& r) {
    // Only a token's allocation: one made with a password keeps its user
    // (RFC 8656 §5), and a token under another kid then gets 441.
    Allocation* a = allocations_.find(r.client);
    if (a == nullptr || !a->token_expiry) return;
    // The kid may change too: the token is the credential, and the key that
    // sealed it may be another of the authorization server's (coturn's
    // uclient -J picks one of three for every Allocate and Refresh; coturn's
    // server follows it the same way).
    if (a->username != r.username) a->username = std::string(r.username);
    a->key = *r.key;
    a->token_expiry = r.token_expiry;
}

std::uint32_t RelayCore::token_capped(std::uint32_t lifetime, const Request& r) const {
    // LIFETIME 0 deletes (RFC 8656 §7.3) and stays 0.
    if (!r.token_expiry || lifetime == 0) return lifetime;
    // The token was accepted, so it has not expired: at least 1 s is left.
    const std::int64_t left = *r.token_expiry + auth::kTokenClockSkew - clock_.unix_seconds();
    return static_cast<std::uint32_t>(std::min<std::int64_t>(std::max<std::int64_t>(left, 1), lifetime));
}

}  // namespace turn::relay
