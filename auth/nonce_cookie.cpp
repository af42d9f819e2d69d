#include "auth/nonce_cookie.hpp"

#include "auth/base64.hpp"

namespace turn::auth {

std::array<std::uint8_t, 3> feature_bytes(SecurityFeatures f) {
    return {static_cast<std::uint8_t>(f.bits >> 16), static_cast<std::uint8_t>(f.bits >> 8),
            static_cast<std::uint8_t>(f.bits)};
}

std::string nonce_cookie(SecurityFeatures f) {
    return std::string(kNonceCookiePrefix) + base64_encode(feature_bytes(f));
}

std::optional<SecurityFeatures> nonce_cookie_features(std::string_view nonce) {
    if (nonce.size() < kNonceCookieLength || !nonce.starts_with(kNonceCookiePrefix)) return std::nullopt;
    const auto bytes = base64_decode(nonce.substr(kNonceCookiePrefix.size(), 4));
    if (!bytes || bytes->size() != 3) return std::nullopt;
    const auto& b = *bytes;
    return SecurityFeatures{(std::uint32_t{b[0]} << 16) | (std::uint32_t{b[1]} << 8) | b[2]};
}

}  // namespace turn::auth
