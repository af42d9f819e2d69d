// The decoder's answer to every kind of broken message: a typed error, never
// a read past the end. Each row is one class of malformed input.
#include <catch2/catch.hpp>

#include <array>

#include "protocol/attributes.hpp"
#include "protocol/message.hpp"
#include "protocol/message_builder.hpp"
#include "protocol/rfc5769_vectors.hpp"
#include "test_bytes.hpp"

using namespace turn::proto;
using namespace turn::proto::test;

namespace {

Bytes with_fingerprint_then(std::initializer_list<std::uint8_t> trailing_attr) {
    std::array<std::uint8_t, 128> buf{};
    MessageBuilder b(buf, {Method::Binding, MessageClass::Request}, sample_tid());
    b.add(Software{"x"}).add_fingerprint();
    auto out = *b.finish();
    Bytes m(out.begin(), out.end());
    m.insert(m.end(), trailing_attr);
    const auto len = static_cast<std::uint16_t>(m.size() - kHeaderSize);
    m[2] = static_cast<std::uint8_t>(len >> 8);
    m[3] = static_cast<std::uint8_t>(len);
    return m;
}

Bytes wrong_fingerprint() {
    Bytes m(rfc5769::sample_request().begin(), rfc5769::sample_request().end());
    m.back() ^= 0xFF;
    return m;
}

}  // namespace

TEST_CASE("malformed messages are rejected with the matching error") {
    struct Case {
        const char* what;
        Bytes bytes;
        DecodeError expected;
    };
    const std::vector<Case> cases = {
        {"empty datagram", {}, DecodeError::TooShort},
        {"short header (19 bytes)", Bytes(19, 0), DecodeError::TooShort},
        {"leading bits 01 (ChannelData)", [] { auto b = stun(0x0001, 0); b[0] = 0x40; return b; }(),
         DecodeError::NotStun},
        {"leading bits 11", [] { auto b = stun(0x0001, 0); b[0] = 0xC0; return b; }(), DecodeError::NotStun},
        {"bad magic cookie", [] { auto b = stun(0x0001, 0); b[4] = 0x00; return b; }(),
         DecodeError::BadMagicCookie},
        {"length not a multiple of 4", stun(0x0001, 2, {0, 0}), DecodeError::LengthNotMultipleOf4},
        {"length longer than the datagram", stun(0x0001, 8, {0x80, 0x22, 0, 0}), DecodeError::LengthMismatch},
        {"length shorter than the datagram", stun(0x0001, 0, {0x80, 0x22, 0, 0}), DecodeError::LengthMismatch},
        {"attribute header cut short", stun(0x0001, 4, {0x80, 0x22, 0x00, 0x08}),
         DecodeError::AttributeTruncated},
        {"attribute running past the end", stun(0x0001, 8, {0x00, 0x06, 0x00, 0x05, 'a', 'b', 'c', 'd'}),
         DecodeError::AttributeTruncated},
        {"attribute length 0xFFFF", stun(0x0001, 4, {0x00, 0x13, 0xFF, 0xFF}), DecodeError::AttributeTruncated},
        {"truncated MESSAGE-INTEGRITY (16 bytes)",
         stun(0x0001, 20, {0x00, 0x08, 0x00, 0x10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}),
         DecodeError::BadIntegrityLength},
        {"MESSAGE-INTEGRITY-SHA256 of 12 bytes",
         stun(0x0001, 16, {0x00, 0x1C, 0x00, 0x0C, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}),
         DecodeError::BadIntegritySha256Length},
        {"FINGERPRINT of 8 bytes", stun(0x0001, 12, {0x80, 0x28, 0x00, 0x08, 0, 0, 0, 0, 0, 0, 0, 0}),
         DecodeError::BadFingerprintLength},
        {"wrong FINGERPRINT", wrong_fingerprint(), DecodeError::FingerprintMismatch},
        {"attribute after FINGERPRINT", with_fingerprint_then({0x80, 0x22, 0x00, 0x00}),
         DecodeError::AttributeAfterFingerprint},
    };
    for (const auto& c : cases) {
        INFO(c.what);
        auto m = StunMessage::decode(c.bytes);
        REQUIRE_FALSE(m);
        CHECK(m.error() == c.expected);
        CHECK_FALSE(decode_error_name(m.error()).empty());
    }
}

TEST_CASE("more attributes than the decoder holds is an error, not a heap allocation") {
    Bytes b = stun(0x0001, static_cast<std::uint16_t>(4 * (StunMessage::kMaxAttributes + 1)));
    for (std::size_t i = 0; i <= StunMessage::kMaxAttributes; ++i) b.insert(b.end(), {0x80, 0x22, 0x00, 0x00});
    auto m = StunMessage::decode(b);
    REQUIRE_FALSE(m);
    CHECK(m.error() == DecodeError::TooManyAttributes);
}

TEST_CASE("attributes after MESSAGE-INTEGRITY other than FINGERPRINT are ignored (RFC 8489 §14.5)") {
    // USERNAME, MESSAGE-INTEGRITY, then LIFETIME and SOFTWARE an attacker appended.
    Bytes b = stun(0x0003, 0);
    const Bytes body = {0x00, 0x06, 0x00, 0x04, 'u', 's', 'e', 'r',
                        0x00, 0x08, 0x00, 0x14, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
                        0x00, 0x0D, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00,
                        0x80, 0x22, 0x00, 0x04, 'e', 'v', 'i', 'l'};
    b.insert(b.end(), body.begin(), body.end());
    b[3] = static_cast<std::uint8_t>(body.size());
    auto m = StunMessage::decode(b);
    REQUIRE(m);
    CHECK(m->attributes().size() == 2);
    CHECK(m->ignored_after_integrity() == 2);
    CHECK_FALSE(m->has(AttrType::Lifetime));
    CHECK_FALSE(m->has(AttrType::Software));
}

TEST_CASE("only FINGERPRINT may follow MESSAGE-INTEGRITY-SHA256, and MI-SHA256 may follow MI") {
    std::array<std::uint8_t, 256> buf{};
    const std::uint8_t key[16] = {7};
    MessageBuilder b(buf, {Method::Binding, MessageClass::Request}, sample_tid());
    b.add(Username{"u"}).add_message_integrity(key).add_message_integrity_sha256(key).add_fingerprint();
    auto m = StunMessage::decode(*b.finish());
    REQUIRE(m);
    CHECK(m->has(AttrType::MessageIntegrity));
    CHECK(m->has(AttrType::MessageIntegritySha256));
    CHECK(m->has(AttrType::Fingerprint));
    CHECK(m->ignored_after_integrity() == 0);
}

TEST_CASE("duplicate attributes: the first one counts (RFC 8489 §14)") {
    std::array<std::uint8_t, 64> buf{};
    MessageBuilder b(buf, {Method::Refresh, MessageClass::Request}, sample_tid());
    b.add(Lifetime{600}).add(Lifetime{0});
    auto m = StunMessage::decode(*b.finish());
    REQUIRE(m);
    CHECK(m->get<Lifetime>()->value == 600);
}

TEST_CASE("unknown comprehension-required attributes are listed once, optional ones are not") {
    const Bytes b = stun(0x0003, 20, {0x00, 0x77, 0x00, 0x00, 0x80, 0x77, 0x00, 0x00, 0x00, 0x77, 0x00, 0x00,
                                      0x00, 0x19, 0x00, 0x04, 17, 0, 0, 0});
    auto m = StunMessage::decode(b);
    REQUIRE(m);
    const auto u = m->unknown_comprehension_required();
    REQUIRE(u.types.size() == 1);
    CHECK(u.types[0] == 0x0077);
}

TEST_CASE("every truncation of a valid message fails cleanly") {
    const auto full = rfc5769::sample_request();
    for (std::size_t n = 0; n < full.size(); ++n) {
        INFO("first " << n << " bytes");
        CHECK_FALSE(StunMessage::decode(full.first(n)));
    }
}
