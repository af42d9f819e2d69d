// RFC 8489 Appendix B.1, "Sample Request with Long-Term Authentication with
// MESSAGE-INTEGRITY-SHA256 and USERHASH", as published and as corrected by
// Errata 6268, and the new attributes' malformed forms.
//
// The published vector is inconsistent: its length field says 0x9c (156, the
// size of the whole message) while 136 bytes of attributes follow, and its
// HMAC was computed over a header carrying that same wrong length. Errata
// 6268 fixes the length, adds the PASSWORD-ALGORITHM (SHA-256) a SHA-256 key
// implies (§9.2.4) and recomputes the HMAC. Both are kept here: the published
// one shows exactly what is wrong with it, the corrected one is the codec's
// positive test, field by field and byte for byte.
#include <catch2/catch.hpp>

#include <array>
#include <vector>

#include "protocol/attributes.hpp"
#include "protocol/credentials.hpp"
#include "protocol/integrity.hpp"
#include "protocol/message.hpp"
#include "protocol/message_builder.hpp"
#include "test_bytes.hpp"

using namespace turn::proto;
using namespace turn::proto::test;

namespace {

// U+30DE U+30C8 U+30EA U+30C3 U+30AF U+30B9, unaffected by OpaqueString.
constexpr std::string_view kUsername = "\xe3\x83\x9e\xe3\x83\x88\xe3\x83\xaa\xe3\x83\x83\xe3\x82\xaf\xe3\x82\xb9";
// "The<U+00AD>M<U+00AA>tr<U+2168>" after OpaqueString.
constexpr std::string_view kPassword = "TheMatrIX";
constexpr std::string_view kNonce = "obMatJos2AAACf//499k954d6OL34oL9FSTvy64sA";
constexpr std::string_view kRealm = "example.org";

// clang-format off
// As printed in RFC 8489 Appendix B.1.
constexpr std::uint8_t kPublished[] = {
    0x00, 0x01, 0x00, 0x9c,  // Request type and message length (wrong: 136 bytes follow)
    0x21, 0x12, 0xa4, 0x42,  // Magic cookie
    0x78, 0xad, 0x34, 0x33,  // }
    0xc6, 0xad, 0x72, 0xc0,  // }  Transaction ID
    0x29, 0xda, 0x41, 0x2e,  // }
    0x00, 0x1e, 0x00, 0x20,  // USERHASH attribute header
    0x4a, 0x3c, 0xf3, 0x8f,  // }
    0xef, 0x69, 0x92, 0xbd,  // }
    0xa9, 0x52, 0xc6, 0x78,  // }
    0x04, 0x17, 0xda, 0x0f,  // }  Userhash value (32 bytes)
    0x24, 0x81, 0x94, 0x15,  // }
    0x56, 0x9e, 0x60, 0xb2,  // }
    0x05, 0xc4, 0x6e, 0x41,  // }
    0x40, 0x7f, 0x17, 0x04,  // }
    0x00, 0x15, 0x00, 0x29,  // NONCE attribute header
    0x6f, 0x62, 0x4d, 0x61,  // }
    0x74, 0x4a, 0x6f, 0x73,  // }
    0x32, 0x41, 0x41, 0x41,  // }
    0x43, 0x66, 0x2f, 0x2f,  // }
    0x34, 0x39, 0x39, 0x6b,  // }  Nonce value and padding (3 bytes)
    0x39, 0x35, 0x34, 0x64,  // }
    0x36, 0x4f, 0x4c, 0x33,  // }
    0x34, 0x6f, 0x4c, 0x39,  // }
    0x46, 0x53, 0x54, 0x76,  // }
    0x79, 0x36, 0x34, 0x73,  // }
    0x41, 0x00, 0x00, 0x00,  // }
    0x00, 0x14, 0x00, 0x0b,  // REALM attribute header
    0x65, 0x78, 0x61, 0x6d,  // }
    0x70, 0x6c, 0x65, 0x2e,  // }  Realm value (11 bytes) and padding (1 byte)
    0x6f, 0x72, 0x67, 0x00,  // }
    0x00, 0x1c, 0x00, 0x20,  // MESSAGE-INTEGRITY-SHA256 attribute header
    0xe4, 0x68, 0x6c, 0x8f,  // }
    0x0e, 0xde, 0xb5, 0x90,  // }
    0x13, 0xe0, 0x70, 0x90,  // }
    0x01, 0x0a, 0x93, 0xef,  // }  HMAC-SHA256 value
    0xcc, 0xbc, 0xcc, 0x54,  // }
    0x4c, 0x0a, 0x45, 0xd9,  // }
    0xf8, 0x30, 0xaa, 0x6d,  // }
    0x6f, 0x73, 0x5a, 0x01,  // }
};

// Errata 6268's correction keeps the first 120 bytes but for the length
// (0x90, 144), and ends with these instead of the published integrity.
constexpr std::uint8_t kCorrectedTail[] = {
    0x00, 0x1d, 0x00, 0x04,  // PASSWORD-ALGORITHM attribute header
    0x00, 0x02, 0x00, 0x00,  // SHA-256, no parameters
    0x00, 0x1c, 0x00, 0x20,  // MESSAGE-INTEGRITY-SHA256 attribute header
    0xb5, 0xc7, 0xbf, 0x00,  // }
    0x5b, 0x6c, 0x52, 0xa2,  // }
    0x1c, 0x51, 0xc5, 0xe8,  // }
    0x92, 0xf8, 0x19, 0x24,  // }  HMAC-SHA256 value
    0x13, 0x62, 0x96, 0xcb,  // }
    0x92, 0x7c, 0x43, 0x14,  // }
    0x93, 0x09, 0x27, 0x8c,  // }
    0xc6, 0x51, 0x8e, 0x65,  // }
};
// clang-format on

constexpr std::size_t kUserhashOffset = 20 + 4;
constexpr std::size_t kPublishedIntegrityOffset = 20 + 36 + 48 + 16;

// The corrected request: 164 bytes.
Bytes corrected() {
    Bytes b(std::begin(kPublished), std::begin(kPublished) + kPublishedIntegrityOffset);
    b[3] = 0x90;
    b.insert(b.end(), std::begin(kCorrectedTail), std::end(kCorrectedTail));
    return b;
}

TransactionId b1_tid() {
    TransactionId t;
    std::copy_n(std::begin(kPublished) + 8, t.bytes.size(), t.bytes.begin());
    return t;
}

LongTermKey sha256_key() { return derive_long_term_key(PasswordAlgorithmId::Sha256, kUsername, kRealm, kPassword); }

}  // namespace

TEST_CASE("RFC 8489 B.1 (Errata 6268): every field decodes and the SHA-256 long-term key verifies it") {
    const Bytes bytes = corrected();
    REQUIRE(bytes.size() == 164);
    const auto m = StunMessage::decode(bytes);
    REQUIRE(m);
    CHECK(m->method() == Method::Binding);
    CHECK(m->message_class() == MessageClass::Request);
    CHECK(m->transaction_id() == b1_tid());
    const auto hash = compute_userhash(kUsername, kRealm);
    CHECK(std::ranges::equal(m->get<Userhash>()->value, hash));
    CHECK(m->get<Nonce>()->value == kNonce);
    CHECK(m->get<Realm>()->value == kRealm);
    CHECK(m->get<PasswordAlgorithm>()->entry == entry_of(PasswordAlgorithmId::Sha256));
    CHECK_FALSE(m->has(AttrType::Username));
    CHECK(verify_integrity(*m, sha256_key().view()) == IntegrityStatus::Valid);
    CHECK(verify_message_integrity(*m, sha256_key().view()) == IntegrityStatus::Missing);
    // The MD5 key of the same credentials is not the key of this request.
    const auto md5 = derive_long_term_key(PasswordAlgorithmId::Md5, kUsername, kRealm, kPassword);
    CHECK(verify_integrity(*m, md5.view()) == IntegrityStatus::Invalid);
}

TEST_CASE("RFC 8489 B.1 (Errata 6268): the builder reproduces the request byte for byte") {
    const auto hash = compute_userhash(kUsername, kRealm);
    std::array<std::uint8_t, 256> buf{};
    MessageBuilder b(buf, {Method::Binding, MessageClass::Request}, b1_tid());
    b.add(Userhash{hash}).add(Nonce{kNonce}).add(Realm{kRealm});
    b.add(PasswordAlgorithm{entry_of(PasswordAlgorithmId::Sha256)});
    b.add_integrity(IntegrityKind::Sha256, sha256_key().view());
    const auto out = b.finish();
    REQUIRE(out);
    CHECK(Bytes(out->begin(), out->end()) == corrected());
}

TEST_CASE("RFC 8489 B.1 as published: the length field is wrong, and its HMAC was made with that length") {
    // The decoder trusts no length field: 0x9c claims 20 bytes more than follow.
    CHECK(StunMessage::decode(kPublished).error() == DecodeError::LengthMismatch);
    // The USERHASH is right: SHA-256 of username ":" realm (§14.4).
    const auto hash = compute_userhash(kUsername, kRealm);
    CHECK(std::equal(hash.begin(), hash.end(), std::begin(kPublished) + kUserhashOffset));
    // The published HMAC is HMAC-SHA256 with the SHA-256 key over the header
    // as printed, length 0x9c included: the vector is consistent with
    // itself, not with §14.6's length rule.
    const auto d = integrity_hmac(HashAlgorithm::Sha256, sha256_key().view(), kPublished,
                                  kPublishedIntegrityOffset, 0x9c);
    const std::span<const std::uint8_t> published(std::begin(kPublished) + kPublishedIntegrityOffset + 4, 32);
    CHECK(std::ranges::equal(d.view(), published));
}

TEST_CASE("integrity choices: MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256, or both in that order") {
    const auto key = sha256_key();
    for (const auto kind : {IntegrityKind::Sha1, IntegrityKind::Sha256, IntegrityKind::Both}) {
        std::array<std::uint8_t, 256> buf{};
        MessageBuilder b(buf, {Method::Allocate, MessageClass::SuccessResponse}, sample_tid());
        b.add(Realm{kRealm}).add_integrity(kind, key.view());
        const auto m = StunMessage::decode(*b.finish());
        REQUIRE(m);
        const bool sha1 = kind != IntegrityKind::Sha256;
        const bool sha256 = kind != IntegrityKind::Sha1;
        CHECK(m->has(AttrType::MessageIntegrity) == sha1);
        CHECK(m->has(AttrType::MessageIntegritySha256) == sha256);
        if (sha1) CHECK(verify_message_integrity(*m, key.view()) == IntegrityStatus::Valid);
        if (sha256) CHECK(verify_message_integrity_sha256(*m, key.view()) == IntegrityStatus::Valid);
    }
}

TEST_CASE("PASSWORD-ALGORITHM entries: MD5 and SHA-256 without parameters are the known ones") {
    constexpr std::uint8_t kParams[] = {1, 2, 3, 4};
    CHECK(known_password_algorithm(entry_of(PasswordAlgorithmId::Md5)) == PasswordAlgorithmId::Md5);
    CHECK(known_password_algorithm(entry_of(PasswordAlgorithmId::Sha256)) == PasswordAlgorithmId::Sha256);
    CHECK_FALSE(known_password_algorithm({0x0003, {}}));
    CHECK_FALSE(known_password_algorithm({0x0000, {}}));
    CHECK_FALSE(known_password_algorithm({0x0002, kParams}));  // SHA-256 takes no parameters (§18.5.1.2)
}

TEST_CASE("PASSWORD-ALGORITHMS: the list as a server sends it, each entry padded") {
    constexpr std::uint8_t kParams[] = {0xAB};
    PasswordAlgorithms list;
    list.entries.push_back(entry_of(PasswordAlgorithmId::Sha256));
    list.entries.push_back({0x7777, kParams});  // an unknown algorithm with a 1-byte parameter
    list.entries.push_back(entry_of(PasswordAlgorithmId::Md5));
    std::vector<std::uint8_t> value(list.value_size());
    list.encode_value(value, sample_tid());
    CHECK(value == std::vector<std::uint8_t>{0x00, 0x02, 0x00, 0x00,                            //
                                             0x77, 0x77, 0x00, 0x01, 0xAB, 0x00, 0x00, 0x00,  //
                                             0x00, 0x01, 0x00, 0x00});
    CHECK(*PasswordAlgorithms::decode_value(value, sample_tid()) == list);
}

namespace {

template <class A>
turn::Result<A, AttrError> decode(const std::vector<std::uint8_t>& v) {
    return A::decode_value(v, sample_tid());
}

// A message whose only attribute is `type` with a `length`-byte value.
Bytes message_with(AttrType type, std::size_t length) {
    std::vector<std::uint8_t> buf(512);
    MessageBuilder b(buf, {Method::Allocate, MessageClass::Request}, sample_tid());
    b.add_raw(static_cast<std::uint16_t>(type), std::vector<std::uint8_t>(length, 0x5A));
    const auto out = b.finish();
    return Bytes(out->begin(), out->end());
}

}  // namespace

TEST_CASE("malformed lengths of the RFC 8489 security attributes") {
    // USERHASH is exactly one SHA-256 (§14.4).
    CHECK(decode<Userhash>(std::vector<std::uint8_t>(31)).error() == AttrError::BadLength);
    CHECK(decode<Userhash>(std::vector<std::uint8_t>(33)).error() == AttrError::BadLength);
    CHECK(decode<Userhash>({}).error() == AttrError::BadLength);
    // PASSWORD-ALGORITHM: one entry, nothing after it, its parameters inside.
    CHECK(decode<PasswordAlgorithm>({0, 2, 0, 0, 0, 0, 0, 0}).error() == AttrError::BadLength);
    CHECK(decode<PasswordAlgorithm>({0, 2, 0, 4, 1, 2}).error() == AttrError::BadLength);
    CHECK(decode<PasswordAlgorithm>({0, 2, 0}).error() == AttrError::BadLength);
    // PASSWORD-ALGORITHMS: a truncated entry header, a parameter length past
    // the end, more entries than the codec holds.
    CHECK(decode<PasswordAlgorithms>({0, 2, 0, 0, 0, 1}).error() == AttrError::BadLength);
    CHECK(decode<PasswordAlgorithms>({0, 1, 0xFF, 0xFF}).error() == AttrError::BadLength);
    std::vector<std::uint8_t> many;
    for (std::size_t i = 0; i <= PasswordAlgorithms::kMaxEntries; ++i) many.insert(many.end(), {0, 1, 0, 0});
    CHECK(decode<PasswordAlgorithms>(many).error() == AttrError::TooManyValues);
    CHECK(decode<PasswordAlgorithms>({})->entries.empty());
    // MESSAGE-INTEGRITY-SHA256 is 16 to 32 bytes in steps of 4 (§14.6): any
    // other length is a malformed message, refused by the decoder itself.
    for (const std::size_t bad : {0, 12, 18, 36}) {
        INFO("length " << bad);
        CHECK(StunMessage::decode(message_with(AttrType::MessageIntegritySha256, bad)).error() ==
              DecodeError::BadIntegritySha256Length);
    }
    for (const std::size_t good : {16, 20, 28, 32})
        CHECK(StunMessage::decode(message_with(AttrType::MessageIntegritySha256, good)).ok());
}
