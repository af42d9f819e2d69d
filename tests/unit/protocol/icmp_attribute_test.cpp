// The ICMP attribute (RFC 8656 §18.13) byte for byte, and a Data indication
// that carries it in place of DATA (§11.5).
#include <catch2/catch.hpp>

#include <vector>

#include "protocol/attributes.hpp"
#include "protocol/message.hpp"
#include "protocol/message_builder.hpp"
#include "test_bytes.hpp"

using namespace turn::proto;
using namespace turn::proto::test;

TEST_CASE("ICMP: two reserved zero bytes, the type, the code, then the error data") {
    std::vector<std::uint8_t> out(8);
    Icmp{3, 4, 1280}.encode_value(out, sample_tid());  // fragmentation needed, next-hop MTU 1280
    CHECK(out == std::vector<std::uint8_t>{0x00, 0x00, 0x03, 0x04, 0x00, 0x00, 0x05, 0x00});
}

TEST_CASE("ICMP: the reserved bytes are ignored on receipt, and a value of other than 8 bytes is malformed") {
    const std::vector<std::uint8_t> v{0xFF, 0xFF, 0x01, 0x04, 0, 0, 0, 0};
    CHECK(*Icmp::decode_value(v, sample_tid()) == Icmp{1, 4, 0});  // ICMPv6 port unreachable
    CHECK(Icmp::decode_value(std::vector<std::uint8_t>(12), sample_tid()).error() == AttrError::BadLength);
    CHECK(Icmp::decode_value(std::vector<std::uint8_t>{}, sample_tid()).error() == AttrError::BadLength);
}

TEST_CASE("a Data indication with XOR-PEER-ADDRESS and ICMP and no DATA decodes") {
    std::vector<std::uint8_t> buf(128);
    MessageBuilder b(buf, {Method::Data, MessageClass::Indication}, sample_tid());
    const auto peer = *TransportAddress::parse("192.0.2.33", 5004);
    b.add(XorPeerAddress{peer}).add(Icmp{11, 0, 0});  // time exceeded
    const auto bytes = b.finish();
    REQUIRE(bytes);
    const auto m = StunMessage::decode(*bytes);
    REQUIRE(m);
    CHECK(m->get<XorPeerAddress>()->address == peer);
    CHECK(*m->get<Icmp>() == Icmp{11, 0, 0});
    CHECK(m->get<DataAttr>().error() == AttrError::Missing);
    // ICMP is comprehension-optional (0x8004): a client that does not know
    // it may ignore it.
    CHECK_FALSE(is_comprehension_required(static_cast<std::uint16_t>(AttrType::Icmp)));
}
