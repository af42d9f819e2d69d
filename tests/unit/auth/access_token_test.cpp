// RFC 7635 §6.2 access tokens: coturn's own tokens decode, every length a
// hostile token can lie about is refused before anything is copied, a token
// that does not authenticate is refused, and timestamp + lifetime bound it.
#include <catch2/catch.hpp>

#include <array>

#include "auth/access_token.hpp"
#include "auth/base64.hpp"
#include "auth/bytes.hpp"
#include "protocol/byte_order.hpp"

using namespace turn;
using namespace turn::auth;

namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes b64(std::string_view text) {
    auto d = base64_decode(text);
    REQUIRE(d);
    return *d;
}

GcmKey key_of(GcmAlgorithm alg, std::string_view ikm_base64) {
    const Bytes ikm = b64(ikm_base64);
    GcmKey k{alg, {}};
    REQUIRE(ikm.size() >= gcm_key_size(alg));
    std::copy_n(ikm.begin(), gcm_key_size(alg), k.bytes.begin());
    return k;
}

proto::LongTermKey mac_key_of(std::string_view text) {
    proto::LongTermKey k;
    std::copy(text.begin(), text.end(), k.bytes.begin());
    k.size = text.size();
    return k;
}

constexpr std::array<std::uint8_t, kGcmNonceSize> kNonce{'c', 'o', 't', 'u', 'r', 'n', '-', 'n', 'o', 'n', 'c', 'e'};
// coturn's examples/scripts/oauth.sh key (32 bytes: A256GCM).
GcmKey key256() { return key_of(GcmAlgorithm::Aes256, "SEdrajMyS0pHaXV5MDk4c2RmYXFiTmpPaWF6NzE5MjM="); }
constexpr std::string_view kServer = "example.com";

TokenContents contents(std::size_t key_size, std::int64_t issued_at, std::uint32_t lifetime) {
    TokenContents t;
    t.mac_key.size = key_size;
    for (std::size_t i = 0; i < key_size; ++i) t.mac_key.bytes[i] = static_cast<std::uint8_t>(i * 7 + 1);
    t.timestamp = static_cast<std::uint64_t>(issued_at) << 16;
    t.lifetime = lifetime;
    return t;
}

Bytes encode(const TokenContents& t, const GcmKey& key = key256(), std::string_view server = kServer) {
    auto token = encode_access_token(t, key, server, kNonce);
    REQUIRE(token);
    return *token;
}

// A token around any clear block, sealed properly: what a hostile
// authorization server (or a fuzzer with the key) could send.
Bytes sealed_block(const Bytes& block) {
    Bytes token(2 + kGcmNonceSize + block.size() + kGcmTagSize);
    proto::store_be16(token.data(), kGcmNonceSize);
    std::copy(kNonce.begin(), kNonce.end(), token.begin() + 2);
    GcmTag tag;
    REQUIRE(gcm_seal(key256(), kNonce, bytes_of(kServer), block, std::span(token.data() + 14, block.size()), tag));
    std::copy(tag.begin(), tag.end(), token.end() - kGcmTagSize);
    return token;
}

// A clear block claiming `key_length` and actually `size` bytes long.
Bytes block(std::uint16_t key_length, std::size_t size) {
    Bytes b(size, 0x5A);
    if (size >= 2) proto::store_be16(b.data(), key_length);
    return b;
}

TokenError decode_error(const Bytes& token) {
    auto d = decode_access_token(token, key256(), kServer);
    REQUIRE_FALSE(d);
    return d.error();
}

}  // namespace

TEST_CASE("a token coturn's turnutils_oauth sealed with A256GCM decodes to its fields") {
    // turnutils_oauth -e --server-name example.com --auth-key-id 1234
    //   --auth-key SEdrajMyS0pHaXV5MDk4c2RmYXFiTmpPaWF6NzE5MjM= --auth-key-timestamp 249213600
    //   --auth-key-lifetime 21600 --auth-key-as-rs-alg A256GCM --token-nonce Y290dXJuLW5vbmNl
    //   --token-mac-key WmtzanB3ZW9peFhtdm42NzUzNG0= --token-timestamp 16333642137600 --token-lifetime=3600
    const Bytes token = b64("AAxjb3R1cm4tbm9uY2XKByqCAD5T+jMTCqGY/hY+6lxB06ww/PjfTOe/J2JXmqLfj+YuTlHQLjKsvAKH2eeAkQ==");
    const auto t = decode_access_token(token, key256(), "example.com");
    REQUIRE(t);
    CHECK(t->mac_key == mac_key_of("ZksjpweoixXmvn67534m"));
    CHECK(t->timestamp == 16333642137600u);
    CHECK(t->issued_at() == 249231600);
    CHECK(t->lifetime == 3600);
    CHECK(t->expires_at() == 249231600 + 3600);
    // The same fields sealed under the same nonce give coturn's bytes back.
    CHECK(encode(*t) == token);
}

TEST_CASE("a token coturn's turnutils_oauth sealed with A128GCM and a 32-byte session key decodes") {
    // turnutils_oauth -e --server-name turn.example.org --auth-key-id union
    //   --auth-key MTIzNDU2Nzg5MDEyMzQ1Ngo= --auth-key-timestamp 249213600 --auth-key-lifetime 21600
    //   --auth-key-as-rs-alg A128GCM --token-nonce Y290dXJuLW5vbmNl
    //   --token-mac-key MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE= --token-timestamp 109212007710720
    //   --token-lifetime=600
    const Bytes token = b64(
        "AAxjb3R1cm4tbm9uY2V8QVWKD7uNaveexzcxuOTOuCfr0PRmquTT1JvYXn1uunQy+LR2O2V3wmsAgJLGKPLf2xeWsnp/wHKO9h2BQg==");
    const GcmKey key = key_of(GcmAlgorithm::Aes128, "MTIzNDU2Nzg5MDEyMzQ1Ngo=");
    const auto t = decode_access_token(token, key, "turn.example.org");
    REQUIRE(t);
    CHECK(t->mac_key == mac_key_of("01234567890123456789012345678901"));
    CHECK(t->issued_at() == 1666442988);
    CHECK(t->lifetime == 600);
    // The 256-bit reading of the same key material is another key.
    CHECK(decode_access_token(token, key_of(GcmAlgorithm::Aes256, "SEdrajMyS0pHaXV5MDk4c2RmYXFiTmpPaWF6NzE5MjM="),
                              "turn.example.org")
              .error() == TokenError::Unauthentic);
}

TEST_CASE("tokens round-trip with both algorithms and both session key sizes") {
    const GcmKey key128 = key_of(GcmAlgorithm::Aes128, "MTIzNDU2Nzg5MDEyMzQ1Ngo=");
    for (const GcmKey& key : {key256(), key128}) {
        for (std::size_t size : {kMacKeySha1, kMacKeySha256}) {
            const TokenContents t = contents(size, 1'700'000'000, 600);
            const Bytes token = encode(t, key);
            CHECK(token.size() == 2 + 12 + 2 + size + 8 + 4 + 16);
            const auto back = decode_access_token(token, key, kServer);
            REQUIRE(back);
            CHECK(back->mac_key == t.mac_key);
            CHECK(back->timestamp == t.timestamp);
            CHECK(back->lifetime == 600);
        }
    }
}

TEST_CASE("every length a token can lie about is refused") {
    const Bytes good = encode(contents(kMacKeySha1, 1'700'000'000, 600));
    SECTION("nothing, or less than nonce_length") {
        CHECK(decode_error({}) == TokenError::TooShort);
        CHECK(decode_error({0x00}) == TokenError::TooShort);
    }
    SECTION("a nonce_length other than 12, including one past the end") {
        for (std::uint16_t n : {0, 1, 11, 13, 16, 0xFFFF}) {
            Bytes t = good;
            proto::store_be16(t.data(), n);
            CHECK(decode_error(t) == TokenError::BadNonceLength);
        }
    }
    SECTION("a token cut anywhere inside the nonce or before the tag ends") {
        for (std::size_t size : {2u, 3u, 13u, 14u, 29u}) {
            const Bytes cut(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(size));
            CHECK(decode_error(cut) == TokenError::TooShort);
        }
    }
    SECTION("an encrypted block too short or too long for any supported key") {
        for (std::size_t block : {0u, 1u, 14u, 33u, 47u, 200u, 65000u}) {
            Bytes t(2 + 12 + block + 16, 0);
            proto::store_be16(t.data(), 12);
            CHECK(decode_error(t) == TokenError::BadBlockLength);
        }
        // A 20-byte key's token one byte short has such a block; one byte
        // long has a possible block, which then does not authenticate.
        CHECK(decode_error(Bytes(good.begin(), good.end() - 1)) == TokenError::BadBlockLength);
        Bytes longer = good;
        longer.push_back(0);
        CHECK(decode_error(longer) == TokenError::Unauthentic);
    }
    SECTION("an authentic block whose key_length disagrees with its size") {
        // 34 bytes hold a 20-byte key; these claim more, less, or far more.
        for (std::uint16_t claimed : {0, 19, 21, 32, 0xFFFF})
            CHECK(decode_error(sealed_block(block(claimed, 34))) == TokenError::KeyLengthMismatch);
        CHECK(decode_error(sealed_block(block(20, 46))) == TokenError::KeyLengthMismatch);
    }
    SECTION("an authentic, consistent block with a key size the server cannot use") {
        for (std::uint16_t size : {21, 24, 31})
            CHECK(decode_error(sealed_block(block(size, 14u + size))) == TokenError::UnsupportedKeyLength);
    }
}

TEST_CASE("the clear block parser checks key_length against the block it is given") {
    CHECK(parse_token_block({}).error() == TokenError::KeyLengthMismatch);
    CHECK(parse_token_block(block(0, 1)).error() == TokenError::KeyLengthMismatch);
    CHECK(parse_token_block(block(20, 33)).error() == TokenError::KeyLengthMismatch);
    CHECK(parse_token_block(block(0, 14)).error() == TokenError::UnsupportedKeyLength);
    const auto t = parse_token_block(block(20, 34));
    REQUIRE(t);
    CHECK(t->mac_key.size == 20);
    CHECK(t->lifetime == 0x5A5A5A5A);
}

TEST_CASE("a token that does not authenticate is refused: tag, ciphertext, nonce, key or server name") {
    const Bytes good = encode(contents(kMacKeySha1, 1'700'000'000, 600));
    REQUIRE(decode_access_token(good, key256(), kServer));
    for (std::size_t at : {std::size_t{2}, std::size_t{13}, std::size_t{14}, good.size() - 17, good.size() - 16,
                           good.size() - 1}) {
        Bytes t = good;
        t[at] ^= 0x01;
        CHECK(decode_error(t) == TokenError::Unauthentic);
    }
    GcmKey other = key256();
    other.bytes[31] ^= 0x80;
    CHECK(decode_access_token(good, other, kServer).error() == TokenError::Unauthentic);
    CHECK(decode_access_token(good, key256(), "example.org").error() == TokenError::Unauthentic);
    CHECK(decode_access_token(good, key256(), "").error() == TokenError::Unauthentic);
}

TEST_CASE("a session key of an unsupported size is not encoded") {
    CHECK(encode_access_token(contents(16, 0, 1), key256(), kServer, kNonce).error() ==
          TokenError::UnsupportedKeyLength);
}

TEST_CASE("a token is valid from its timestamp to timestamp + lifetime, give or take the clock skew") {
    const TokenContents t = contents(kMacKeySha1, 1'700'000'000, 600);
    CHECK(token_time(t, 1'700'000'000) == TokenTime::Valid);
    CHECK(token_time(t, 1'700'000'600) == TokenTime::Valid);
    CHECK(token_time(t, 1'700'000'600 + kTokenClockSkew - 1) == TokenTime::Valid);
    CHECK(token_time(t, 1'700'000'600 + kTokenClockSkew) == TokenTime::Expired);
    CHECK(token_time(t, 1'800'000'000) == TokenTime::Expired);
    // An authorization server a little ahead is fine; far ahead is not.
    CHECK(token_time(t, 1'700'000'000 - kTokenFutureSkew) == TokenTime::Valid);
    CHECK(token_time(t, 1'700'000'000 - kTokenFutureSkew - 1) == TokenTime::NotYetValid);
    // A lifetime of 0 does not mean "forever".
    CHECK(token_time(contents(kMacKeySha1, 1'700'000'000, 0), 1'700'000'000 + kTokenClockSkew) == TokenTime::Expired);
    // The largest timestamp and lifetime do not overflow.
    TokenContents far;
    far.timestamp = ~std::uint64_t{0};
    far.lifetime = ~std::uint32_t{0};
    CHECK(token_time(far, 1'700'000'000) == TokenTime::NotYetValid);
}

TEST_CASE("a 20-byte session key may sign whole, as RFC 7635 says, or by its first 16 bytes, as coturn does") {
    const TokenContents sha1 = contents(kMacKeySha1, 0, 1);
    const auto keys = session_keys(sha1.mac_key);
    REQUIRE(keys.size() == 2);
    CHECK(keys[0] == sha1.mac_key);
    CHECK(keys[1].size == 16);
    CHECK(std::equal(keys[1].view().begin(), keys[1].view().end(), sha1.mac_key.bytes.begin()));
    // A 32-byte key is 32 bytes for coturn too (its HMAC-SHA-256 key size).
    CHECK(session_keys(contents(kMacKeySha256, 0, 1).mac_key).size() == 1);
}
