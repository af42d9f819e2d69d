// The nonce cookie (RFC 8489 §9.2): a server that implements RFC 8489 starts
// every NONCE with "obMatJos2" and the 4-character base64 (RFC 4648) of its
// 24-bit STUN Security Feature set (§18.1), so a client can tell which
// features the server offered even if an attacker on the path removed the
// attributes that carry them (§9.2.1, bid-down attack prevention): the nonce
// itself cannot be changed without the server noticing.
//
//   o b M a t J o s 2 | F F F F | rest of the nonce
//   fixed prefix      | base64 of 3 bytes of feature bits
//
// Bit numbering. §9.2 and §18.1 as published number bit 0 from the most
// significant side; the verified erratum to §18.1 (EID 6290) numbers it from
// the least significant side, and that is what Appendix B.1's own nonce,
// "obMatJos2AAAC" (bits 00 00 02) on a request that carries USERHASH, means:
// bit 1, username anonymity. This code follows the erratum and the example:
// bit 0 (password algorithms) is 0x000001, bit 1 (username anonymity) 0x000002.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace turn::auth {

struct SecurityFeatures {
    static constexpr std::uint32_t kPasswordAlgorithms = 1u << 0;  // §9.2.4: PASSWORD-ALGORITHMS is offered
    static constexpr std::uint32_t kUsernameAnonymity = 1u << 1;   // §9.2.5: clients send USERHASH
    static constexpr std::uint32_t kAllBits = 0xFFFFFF;

    std::uint32_t bits = 0;  // the 24-bit set; higher bits are always 0

    bool password_algorithms() const { return (bits & kPasswordAlgorithms) != 0; }
    bool username_anonymity() const { return (bits & kUsernameAnonymity) != 0; }
    friend bool operator==(const SecurityFeatures&, const SecurityFeatures&) = default;
};

inline constexpr std::string_view kNonceCookiePrefix = "obMatJos2";
inline constexpr std::size_t kNonceCookieLength = kNonceCookiePrefix.size() + 4;

// The three bytes the feature set is sent as, most significant first.
std::array<std::uint8_t, 3> feature_bytes(SecurityFeatures f);

// "obMatJos2" followed by the base64 of the feature bytes: 13 characters.
std::string nonce_cookie(SecurityFeatures f);

// The features of a nonce that starts with the cookie; nullopt for one that
// does not (an RFC 5389 server's nonce), or whose 4 characters after the
// prefix are not the strict base64 of 3 bytes. Bits not assigned yet are kept.
std::optional<SecurityFeatures> nonce_cookie_features(std::string_view nonce);

}  // namespace turn::auth
