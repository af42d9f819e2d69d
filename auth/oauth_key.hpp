// The AS-RS keys of RFC 7635 (§4.1: shared by the authorization server and
// this server, named by a key id, "kid") as coturn keeps them in its
// oauth_key table, and the check of a request's ACCESS-TOKEN against them
// (§9): the USERNAME names the key, the key opens the token, the token
// carries the session key that signs the request and its lifetime.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "auth/access_token.hpp"
#include "auth/aes_gcm.hpp"
#include "auth/turn_db.hpp"
#include "protocol/credentials.hpp"
#include "protocol/result.hpp"

namespace turn::auth {

// coturn's column is varchar(128) (OAUTH_KID_SIZE).
inline constexpr std::size_t kMaxKidBytes = 128;

struct OAuthKey {
    std::string kid;
    // The AES-GCM key: the first 16 or 32 bytes of ikm_key, as coturn
    // derives it (its calculate_key copies them; no HKDF).
    GcmKey key;
    std::int64_t timestamp = 0;  // with a lifetime: when the key ends is timestamp + lifetime
    std::int64_t lifetime = 0;   // 0: the key does not expire (coturn's reading, and the schema's default)
    // coturn moves a session to this realm; this server serves one realm and
    // keeps the value only so turnadmin can list it.
    std::string realm;

    bool expired_at(std::int64_t now) const;
};

enum class OAuthKeyError : std::uint8_t {
    BadKid,            // empty, over 128 bytes, or not text a USERNAME can carry
    BadBase64,         // ikm_key is not strict base64
    UnknownAlgorithm,  // as_rs_alg is not A256GCM or A128GCM
    KeyTooShort,       // ikm_key has fewer bytes than the algorithm's key
    NegativeTime,      // timestamp or lifetime below 0
};

std::string_view oauth_key_error_name(OAuthKeyError e);

// coturn's spelling rules: surrounding spaces ignored, case-insensitive, '_'
// read as '-' ("a256gcm" is A256GCM). An empty name is refused, as in coturn.
std::optional<GcmAlgorithm> parse_as_rs_alg(std::string_view name);
std::string_view as_rs_alg_name(GcmAlgorithm a);

Result<OAuthKey, OAuthKeyError> make_oauth_key(const OAuthKeyRow& row);

using OAuthKeys = std::map<std::string, OAuthKey, std::less<>>;

// What an accepted token grants: the key that signs this request and the
// responses (RFC 7635 §9), and until when.
struct TokenGrant {
    proto::LongTermKey mac_key;
    std::int64_t expires_at = 0;  // seconds since 1970, token_expired() applies
};

enum class TokenRefusal : std::uint8_t {
    UnknownKey,   // no key of that kid
    KeyExpired,   // the key's own lifetime is over
    Undecodable,  // any TokenError: malformed, or not sealed with this key and server name
    Expired,
    NotYetValid,
};

std::string_view token_refusal_name(TokenRefusal r);

// RFC 7635 §9, up to the integrity check, which the caller makes with the
// grant's key. `now` in seconds since 1970.
Result<TokenGrant, TokenRefusal> check_access_token(const OAuthKeys& keys, std::string_view kid,
                                                    std::span<const std::uint8_t> token,
                                                    std::string_view server_name, std::int64_t now);

}  // namespace turn::auth
