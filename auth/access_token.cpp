#include "auth/access_token.hpp"

#include <algorithm>
#include <array>

#include "auth/bytes.hpp"
#include "protocol/byte_order.hpp"

namespace turn::auth {
namespace {

constexpr std::size_t kNonceLengthField = 2;
constexpr std::size_t kKeyLengthField = 2;
constexpr std::size_t kTimestampSize = 8;
constexpr std::size_t kLifetimeSize = 4;
constexpr std::size_t kBlockFixed = kKeyLengthField + kTimestampSize + kLifetimeSize;
// The blocks worth decrypting: those that can hold a key of a supported size.
constexpr std::size_t kMinBlock = kBlockFixed + kMacKeySha1;
constexpr std::size_t kMaxBlock = kBlockFixed + kMacKeySha256;
constexpr std::size_t kHeader = kNonceLengthField + kGcmNonceSize;

bool supported_key_length(std::size_t n) { return n == kMacKeySha1 || n == kMacKeySha256; }

std::uint64_t load_be64(const std::uint8_t* p) {
    return (std::uint64_t{proto::load_be32(p)} << 32) | proto::load_be32(p + 4);
}

void store_be64(std::uint8_t* p, std::uint64_t v) {
    proto::store_be32(p, static_cast<std::uint32_t>(v >> 32));
    proto::store_be32(p + 4, static_cast<std::uint32_t>(v));
}

}  // namespace

std::string_view token_error_name(TokenError e) {
    switch (e) {
        case TokenError::TooShort: return "token too short";
        case TokenError::BadNonceLength: return "nonce length is not 12";
        case TokenError::BadBlockLength: return "encrypted block of impossible length";
        case TokenError::Unauthentic: return "token does not authenticate (key, server name or tampering)";
        case TokenError::KeyLengthMismatch: return "key length does not match the block";
        case TokenError::UnsupportedKeyLength: return "MAC key length is not 20 or 32";
        case TokenError::EncryptFailed: return "token encryption failed";
    }
    return "invalid token";
}

Result<TokenContents, TokenError> parse_token_block(std::span<const std::uint8_t> block) {
    if (block.size() < kKeyLengthField) return unexpected(TokenError::KeyLengthMismatch);
    const std::size_t key_length = proto::load_be16(block.data());
    // The one layout check that matters: the key and the two fixed fields
    // fill the block exactly, so nothing below reads past it.
    if (block.size() != kBlockFixed + key_length) return unexpected(TokenError::KeyLengthMismatch);
    if (!supported_key_length(key_length)) return unexpected(TokenError::UnsupportedKeyLength);
    TokenContents t;
    const std::uint8_t* p = block.data() + kKeyLengthField;
    std::copy_n(p, key_length, t.mac_key.bytes.begin());
    t.mac_key.size = key_length;
    p += key_length;
    t.timestamp = load_be64(p);
    t.lifetime = proto::load_be32(p + kTimestampSize);
    return t;
}

Result<TokenContents, TokenError> decode_access_token(std::span<const std::uint8_t> token, const GcmKey& key,
                                                      std::string_view server_name) {
    if (token.size() < kNonceLengthField) return unexpected(TokenError::TooShort);
    // RFC 5116 §5.1-5.2: AES-GCM's nonce is 12 bytes; coturn writes 12.
    if (proto::load_be16(token.data()) != kGcmNonceSize) return unexpected(TokenError::BadNonceLength);
    if (token.size() < kHeader + kGcmTagSize) return unexpected(TokenError::TooShort);
    const std::size_t block_size = token.size() - kHeader - kGcmTagSize;
    if (block_size < kMinBlock || block_size > kMaxBlock) return unexpected(TokenError::BadBlockLength);

    const GcmNonce nonce(token.data() + kNonceLengthField, kGcmNonceSize);
    const auto ciphertext = token.subspan(kHeader, block_size);
    GcmTag tag;
    std::copy_n(token.data() + kHeader + block_size, kGcmTagSize, tag.begin());
    std::array<std::uint8_t, kMaxBlock> clear{};
    const std::span<std::uint8_t> out(clear.data(), block_size);
    if (!gcm_open(key, nonce, bytes_of(server_name), ciphertext, tag, out)) return unexpected(TokenError::Unauthentic);
    return parse_token_block(out);
}

Result<std::vector<std::uint8_t>, TokenError> encode_access_token(const TokenContents& contents, const GcmKey& key,
                                                                  std::string_view server_name, GcmNonce nonce) {
    const std::size_t key_length = contents.mac_key.size;
    if (!supported_key_length(key_length)) return unexpected(TokenError::UnsupportedKeyLength);
    std::array<std::uint8_t, kMaxBlock> clear{};
    proto::store_be16(clear.data(), static_cast<std::uint16_t>(key_length));
    std::copy_n(contents.mac_key.bytes.begin(), key_length, clear.begin() + kKeyLengthField);
    store_be64(clear.data() + kKeyLengthField + key_length, contents.timestamp);
    proto::store_be32(clear.data() + kKeyLengthField + key_length + kTimestampSize, contents.lifetime);
    const std::size_t block_size = kBlockFixed + key_length;

    std::vector<std::uint8_t> token(kHeader + block_size + kGcmTagSize);
    proto::store_be16(token.data(), static_cast<std::uint16_t>(kGcmNonceSize));
    std::copy(nonce.begin(), nonce.end(), token.begin() + kNonceLengthField);
    GcmTag tag;
    const std::span<std::uint8_t> out(token.data() + kHeader, block_size);
    if (!gcm_seal(key, nonce, bytes_of(server_name), std::span(clear.data(), block_size), out, tag))
        return unexpected(TokenError::EncryptFailed);
    std::copy(tag.begin(), tag.end(), token.begin() + kHeader + block_size);
    return token;
}

FixedVector<proto::LongTermKey, 2> session_keys(const proto::LongTermKey& mac_key) {
    // coturn's get_hmackey_size(SHATYPE_SHA1).
    constexpr std::size_t kCoturnSha1KeySize = 16;
    FixedVector<proto::LongTermKey, 2> keys;
    keys.push_back(mac_key);
    if (mac_key.size == kMacKeySha1) {
        proto::LongTermKey truncated = mac_key;
        truncated.size = kCoturnSha1KeySize;
        std::fill(truncated.bytes.begin() + kCoturnSha1KeySize, truncated.bytes.end(), std::uint8_t{0});
        keys.push_back(truncated);
    }
    return keys;
}

TokenTime token_time(const TokenContents& t, std::int64_t now) {
    if (t.issued_at() > now + kTokenFutureSkew) return TokenTime::NotYetValid;
    return token_expired(t.expires_at(), now) ? TokenTime::Expired : TokenTime::Valid;
}

bool token_expired(std::int64_t expires_at, std::int64_t now) { return now >= expires_at + kTokenClockSkew; }

}  // namespace turn::auth
