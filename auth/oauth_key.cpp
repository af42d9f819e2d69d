#include "auth/oauth_key.hpp"

#include <algorithm>
#include <cctype>

#include "auth/base64.hpp"

namespace turn::auth {
namespace {

std::string_view trim_spaces(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
}

bool valid_kid(std::string_view kid) {
    return !kid.empty() && kid.size() <= kMaxKidBytes && proto::check_credential_text(kid).ok();
}

}  // namespace

bool OAuthKey::expired_at(std::int64_t now) const {
    return lifetime != 0 && token_expired(timestamp + lifetime, now);
}

std::string_view oauth_key_error_name(OAuthKeyError e) {
    switch (e) {
        case OAuthKeyError::BadKid: return "kid must be 1 to 128 bytes of text";
        case OAuthKeyError::BadBase64: return "ikm_key is not base64";
        case OAuthKeyError::UnknownAlgorithm: return "as_rs_alg must be A256GCM or A128GCM";
        case OAuthKeyError::KeyTooShort: return "ikm_key is shorter than the algorithm's key (16 or 32 bytes)";
        case OAuthKeyError::NegativeTime: return "timestamp and lifetime must not be negative";
    }
    return "invalid oauth key";
}

std::optional<GcmAlgorithm> parse_as_rs_alg(std::string_view name) {
    std::string n(trim_spaces(name));
    std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) {
        return c == '_' ? '-' : static_cast<char>(std::toupper(c));
    });
    if (n == "A256GCM") return GcmAlgorithm::Aes256;
    if (n == "A128GCM") return GcmAlgorithm::Aes128;
    return std::nullopt;
}

std::string_view as_rs_alg_name(GcmAlgorithm a) { return a == GcmAlgorithm::Aes128 ? "A128GCM" : "A256GCM"; }

Result<OAuthKey, OAuthKeyError> make_oauth_key(const OAuthKeyRow& row) {
    const std::string_view kid = trim_spaces(row.kid);
    if (!valid_kid(kid)) return unexpected(OAuthKeyError::BadKid);
    const auto algorithm = parse_as_rs_alg(row.as_rs_alg);
    if (!algorithm) return unexpected(OAuthKeyError::UnknownAlgorithm);
    if (row.timestamp < 0 || row.lifetime < 0) return unexpected(OAuthKeyError::NegativeTime);
    const auto ikm = base64_decode(trim_spaces(row.ikm_key));
    if (!ikm) return unexpected(OAuthKeyError::BadBase64);
    // coturn zero-fills a short ikm_key; a key with known zero bytes is a
    // weak key, so it is refused here instead.
    if (ikm->size() < gcm_key_size(*algorithm)) return unexpected(OAuthKeyError::KeyTooShort);
    OAuthKey k{std::string(kid), {*algorithm, {}}, row.timestamp, row.lifetime, row.realm};
    std::copy_n(ikm->begin(), gcm_key_size(*algorithm), k.key.bytes.begin());
    return k;
}

std::string_view token_refusal_name(TokenRefusal r) {
    switch (r) {
        case TokenRefusal::UnknownKey: return "no oauth key of that kid";
        case TokenRefusal::KeyExpired: return "the oauth key has expired";
        case TokenRefusal::Undecodable: return "the access token does not decode with that key";
        case TokenRefusal::Expired: return "the access token has expired";
        case TokenRefusal::NotYetValid: return "the access token is issued in the future";
    }
    return "access token refused";
}

Result<TokenGrant, TokenRefusal> check_access_token(const OAuthKeys& keys, std::string_view kid,
                                                    std::span<const std::uint8_t> token,
                                                    std::string_view server_name, std::int64_t now) {
    const auto it = keys.find(kid);
    if (it == keys.end()) return unexpected(TokenRefusal::UnknownKey);
    if (it->second.expired_at(now)) return unexpected(TokenRefusal::KeyExpired);
    const auto contents = decode_access_token(token, it->second.key, server_name);
    if (!contents) return unexpected(TokenRefusal::Undecodable);
    switch (token_time(*contents, now)) {
        case TokenTime::Expired: return unexpected(TokenRefusal::Expired);
        case TokenTime::NotYetValid: return unexpected(TokenRefusal::NotYetValid);
        case TokenTime::Valid: break;
    }
    return TokenGrant{contents->mac_key, contents->expires_at()};
}

}  // namespace turn::auth
