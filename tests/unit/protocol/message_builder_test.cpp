// The builder writes every byte of what it returns (no stale memory in
// responses), keeps the length current, and fails cleanly when out of room.
#include <catch2/catch.hpp>

#include <array>

#include "protocol/attributes.hpp"
#include "protocol/message.hpp"
#include "protocol/message_builder.hpp"
#include "test_bytes.hpp"

using namespace turn::proto;
using namespace turn::proto::test;

TEST_CASE("padding bytes are zero even when the buffer held garbage") {
    std::array<std::uint8_t, 128> buf;
    buf.fill(0xEE);
    MessageBuilder b(buf, {Method::Binding, MessageClass::ErrorResponse}, sample_tid());
    b.add(ErrorCode::of(StunError::BadRequest)).add(Software{"abcde"});
    auto out = b.finish();
    REQUIRE(out);
    // ERROR-CODE: 4 + 11 ("Bad Request") = 15 -> 1 padding byte; SOFTWARE 5 -> 3.
    CHECK(out->size() == 20 + 4 + 16 + 4 + 8);
    CHECK((*out)[20 + 4 + 15] == 0);
    for (std::size_t i = 20 + 4 + 16 + 4 + 5; i < out->size(); ++i) CHECK((*out)[i] == 0);
    for (auto byte : *out) CHECK(byte != 0xEE);
}

TEST_CASE("the header length always matches what was added") {
    std::array<std::uint8_t, 128> buf{};
    MessageBuilder b(buf, {Method::Refresh, MessageClass::Request}, sample_tid());
    b.add(Lifetime{0}).add(DontFragment{}).add_fingerprint();
    auto out = *b.finish();
    CHECK(out.size() == 20 + 8 + 4 + 8);
    CHECK(((out[2] << 8) | out[3]) == static_cast<int>(out.size() - 20));
    CHECK(StunMessage::decode(out).ok());
}

TEST_CASE("a buffer too small for the message is a sticky error") {
    std::array<std::uint8_t, 30> buf{};
    MessageBuilder b(buf, {Method::Binding, MessageClass::Request}, sample_tid());
    b.add(Software{"this will not fit in ten bytes"}).add(Lifetime{1});
    CHECK(b.finish().error() == BuildError::BufferTooSmall);
    std::array<std::uint8_t, 10> tiny{};
    CHECK(MessageBuilder(tiny, {Method::Binding, MessageClass::Request}, sample_tid()).finish().error() ==
          BuildError::BufferTooSmall);
}

TEST_CASE("values and messages past the 16-bit length field are refused") {
    std::vector<std::uint8_t> big(0x10000, 0);
    std::vector<std::uint8_t> buf(0x30000, 0);
    MessageBuilder b(buf, {Method::Send, MessageClass::Indication}, sample_tid());
    b.add(DataAttr{big});
    CHECK(b.finish().error() == BuildError::ValueTooLong);
    MessageBuilder c(buf, {Method::Send, MessageClass::Indication}, sample_tid());
    c.add(DataAttr{std::span(big).first(0xFFF0)}).add(DataAttr{std::span(big).first(0x20)});
    CHECK(c.finish().error() == BuildError::MessageTooLong);
}

TEST_CASE("the builder's FINGERPRINT is what the decoder checks") {
    std::array<std::uint8_t, 64> buf{};
    MessageBuilder b(buf, {Method::Binding, MessageClass::Request}, sample_tid());
    b.add_fingerprint();
    auto m = StunMessage::decode(*b.finish());
    REQUIRE(m);
    CHECK(m->has(AttrType::Fingerprint));
}
