// The self-contained access token of RFC 7635 §6.2, the value of the
// ACCESS-TOKEN attribute, laid out as coturn writes and reads it (its
// encode_oauth_token / decode_oauth_token), so tokens minted for coturn work
// here. All integers are big-endian.
//
//   +--------------+------------------+--------------------------+-----------+
//   | nonce_length | nonce            | encrypted_block          | tag       |
//   | 2 bytes (12) | 12 bytes         | AES-GCM ciphertext of    | 16 bytes  |
//   |              | (RFC 5116 §5.1)  | the block below          |           |
//   +--------------+------------------+--------------------------+-----------+
//
//   encrypted_block, in clear:
//   +------------+------------------------+---------------+-------------+
//   | key_length | mac_key                | timestamp     | lifetime    |
//   | 2 bytes    | key_length bytes       | 8 bytes: 48.16 | 4 bytes, s |
//   |            | (HMAC key, §6.2)       | fixed point    |             |
//   +------------+------------------------+---------------+-------------+
//
// The AEAD's associated data is the STUN server name, the value of
// THIRD-PARTY-AUTHORIZATION (§6.1, §6.2), so a token minted for one server is
// refused by another holding the same key. The timestamp counts seconds since
// 1970 in its upper 48 bits and 1/64000 s in the lower 16 (§6.2).
//
// The input is hostile: every length is checked against what is really
// there before anything is copied, and the plaintext lives in a fixed
// buffer (no allocation per token).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "auth/aes_gcm.hpp"
#include "protocol/credentials.hpp"
#include "protocol/fixed_vector.hpp"
#include "protocol/result.hpp"

namespace turn::auth {

// §6.2: key_length 20 (HMAC-SHA-1, MESSAGE-INTEGRITY) MUST be supported; 32
// also serves MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6). Others are refused.
inline constexpr std::size_t kMacKeySha1 = 20;
inline constexpr std::size_t kMacKeySha256 = 32;

// coturn's OAUTH_TIME_DELTA: a token is accepted up to this many seconds
// past its expiry, for the clocks of the authorization server and ours.
inline constexpr std::int64_t kTokenClockSkew = 5;
// And issued at most this far in the future: an authorization server's clock
// may run a little ahead; one far ahead would mint tokens that never expire.
inline constexpr std::int64_t kTokenFutureSkew = 60;

struct TokenContents {
    proto::LongTermKey mac_key;  // the session key; size 20 or 32
    std::uint64_t timestamp = 0;  // 48.16 fixed point (§6.2)
    std::uint32_t lifetime = 0;   // seconds from the timestamp

    std::int64_t issued_at() const { return static_cast<std::int64_t>(timestamp >> 16); }
    std::int64_t expires_at() const { return issued_at() + lifetime; }
};

enum class TokenError : std::uint8_t {
    TooShort,              // no room for nonce_length, the nonce, a block and the tag
    BadNonceLength,        // nonce_length is not 12, or runs past the end
    BadBlockLength,        // the encrypted block is shorter or longer than any valid one
    Unauthentic,           // the tag does not verify: wrong key, wrong server name, or tampered
    KeyLengthMismatch,     // key_length does not match the block's size
    UnsupportedKeyLength,  // a consistent key_length other than 20 or 32
    EncryptFailed,         // encoding only: OpenSSL failed
};

std::string_view token_error_name(TokenError e);

// Decodes and authenticates a token with the AS-RS key and the server name.
Result<TokenContents, TokenError> decode_access_token(std::span<const std::uint8_t> token, const GcmKey& key,
                                                      std::string_view server_name);

// The encrypted block's clear text alone (what decode_access_token parses
// once the tag verified): for tests and the fuzz target.
Result<TokenContents, TokenError> parse_token_block(std::span<const std::uint8_t> block);

// The inverse, an authorization server's job: for the test client and tests.
Result<std::vector<std::uint8_t>, TokenError> encode_access_token(const TokenContents& contents, const GcmKey& key,
                                                                  std::string_view server_name, GcmNonce nonce);

// The keys a request signed with the token's session key may have used, in
// order: the whole mac_key (RFC 7635 §9), then, for a 20-byte key, its first
// 16 bytes, which is what coturn's client and server really sign
// MESSAGE-INTEGRITY with (their HMAC-SHA-1 key size is that of the MD5
// long-term key). Without the second, coturn's turnutils_uclient -J cannot
// authenticate; with it, a 128-bit HMAC key, no weaker than an MD5 key.
FixedVector<proto::LongTermKey, 2> session_keys(const proto::LongTermKey& mac_key);

enum class TokenTime : std::uint8_t {
    Valid,
    Expired,      // now is kTokenClockSkew or more past timestamp + lifetime
    NotYetValid,  // issued more than kTokenFutureSkew ahead of now
};

// `now` in seconds since 1970. A lifetime of 0 gives a token that is expired
// once the skew has passed (coturn reads 0 as "never expires"; RFC 7635 §6.2
// gives it no such meaning, and a token that never expires is not one to
// honour).
TokenTime token_time(const TokenContents& t, std::int64_t now);
// The same expiry rule for a session key kept after its token (RFC 7635 §9).
bool token_expired(std::int64_t expires_at, std::int64_t now);

}  // namespace turn::auth
