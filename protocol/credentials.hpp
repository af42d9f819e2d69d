// Long-term credentials (RFC 8489 §9.2): the key derived from user, realm and
// password, USERHASH, and the checks a credential string must pass before it is
// hashed.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "protocol/attributes/password_algorithms.hpp"
#include "protocol/result.hpp"

namespace turn::proto {

struct LongTermKey {
    std::array<std::uint8_t, 32> bytes{};
    std::size_t size = 0;  // 16 for MD5, 32 for SHA-256; an RFC 7635 session key: 20 or 32
    std::span<const std::uint8_t> view() const { return {bytes.data(), size}; }
    friend bool operator==(const LongTermKey&, const LongTermKey&) = default;
};

// RFC 8489 §9.2.2: key = H(username ":" OpaqueString(realm) ":" OpaqueString(password)),
// with H = MD5 (16 bytes, RFC 5389's key) or SHA-256 (32 bytes).
LongTermKey derive_long_term_key(PasswordAlgorithmId alg, std::string_view username, std::string_view realm,
                                 std::string_view password);

// RFC 8489 §14.4: USERHASH = SHA-256(OpaqueString(username) ":" OpaqueString(realm)).
std::array<std::uint8_t, 32> compute_userhash(std::string_view username, std::string_view realm);

enum class CredentialError : std::uint8_t {
    Empty,
    TooLong,
    InvalidUtf8,
    ControlCharacter,  // SASLprep (RFC 4013 §2.3, table C.2.1/C.2.2) prohibits controls
};

std::string_view credential_error_name(CredentialError e);

// The checks RFC 8265's OpaqueString and RFC 4013's SASLprep both make on
// their input, short of Unicode normalization: well-formed UTF-8, no control
// characters, not empty, and within USERNAME's 512 bytes. ASCII credentials
// (nearly all real ones) are unchanged by the full profiles, so for them this
// is exact; non-ASCII credentials are compared as sent.
Result<void, CredentialError> check_credential_text(std::string_view s);

}  // namespace turn::proto
