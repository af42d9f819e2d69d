// Every typed attribute: encode into a message, decode it back, get the same
// value; and each attribute's own malformed values give their typed error.
#include <catch2/catch.hpp>

#include <array>

#include "protocol/attributes.hpp"
#include "protocol/message.hpp"
#include "protocol/message_builder.hpp"
#include "test_bytes.hpp"

using namespace turn::proto;
using namespace turn::proto::test;

namespace {

constexpr std::uint8_t kBlob[] = {0xDE, 0xAD, 0xBE, 0xEF, 0x01, 0x02, 0x03, 0x04, 0x05};
constexpr std::uint8_t kToken[8] = {1, 2, 3, 4, 5, 6, 7, 8};
constexpr std::uint8_t kHash32[32] = {9, 8, 7, 6, 5, 4, 3, 2, 1};
constexpr std::uint8_t kMac20[20] = {0xAA, 0xBB};
constexpr std::uint8_t kMac24[24] = {0xCC};
constexpr std::uint8_t kParams[] = {0x11, 0x22, 0x33};

TransportAddress v4() { return *TransportAddress::parse("198.51.100.7", 49152); }
TransportAddress v6() { return *TransportAddress::parse("2001:db8::dead:beef", 65535); }

template <class A>
A sample();

template <> MappedAddress sample() { return {v4()}; }
template <> XorMappedAddress sample() { return {v6()}; }
template <> XorPeerAddress sample() { return {v4()}; }
template <> XorRelayedAddress sample() { return {v6()}; }
template <> AlternateServer sample() { return {v6()}; }
template <> ResponseOrigin sample() { return {v4()}; }
template <> OtherAddress sample() { return {v6()}; }
template <> SourceAddress sample() { return {v4()}; }
template <> ChangedAddress sample() { return {v4()}; }
template <> Username sample() { return {"alice@example.org"}; }
template <> Realm sample() { return {"example.org"}; }
template <> Nonce sample() { return {"obMatJos2AAACf//499k954d6OL34oL9FSTvy64sA"}; }
template <> Software sample() { return {"turnrelay \xc3\xa9t\xc3\xa9"}; }  // UTF-8 accents
template <> AlternateDomain sample() { return {"turn2.example.org"}; }
template <> Origin sample() { return {"https://app.example.org"}; }
template <> DataAttr sample() { return {kBlob}; }
template <> ReservationToken sample() { return {kToken}; }
template <> Userhash sample() { return {kHash32}; }
template <> MessageIntegrity sample() { return {kMac20}; }
template <> MessageIntegritySha256 sample() { return {kMac24}; }
template <> PaddingAttr sample() { return {kBlob}; }
template <> AccessToken sample() { return {kBlob}; }
template <> ThirdPartyAuthorization sample() { return {kBlob}; }
template <> MobilityTicket sample() { return {kBlob}; }
template <> Lifetime sample() { return {600}; }
template <> ConnectionId sample() { return {0xC0FFEE01}; }
template <> Fingerprint sample() { return {0x12345678}; }
template <> ChannelNumber sample() { return {0x4ABC}; }
template <> RequestedTransport sample() { return {RequestedTransport::kTcp}; }
template <> RequestedAddressFamily sample() { return {AddressFamily::IPv6}; }
template <> AdditionalAddressFamily sample() { return {AddressFamily::IPv6}; }
template <> AdditionalAddressFamilyCoturn sample() { return {AddressFamily::IPv6}; }
template <> EvenPort sample() { return {true}; }
template <> DontFragment sample() { return {}; }
template <> ResponsePort sample() { return {3479}; }
template <> ChangeRequest sample() { return {true, true}; }
template <> Icmp sample() { return {3, 4, 1400}; }
template <> ErrorCode sample() { return ErrorCode::of(StunError::AllocationQuotaReached); }
template <> AddressErrorCode sample() { return {AddressFamily::IPv6, 440, "Address Family not Supported"}; }
template <> AddressErrorCodeCoturn sample() { return {AddressFamily::IPv4, 508, "Insufficient Capacity"}; }
template <> UnknownAttributes sample() {
    UnknownAttributes u;
    u.types.push_back(0x0024);
    u.types.push_back(0x7777);
    u.types.push_back(0x0031);  // odd count: the value needs padding
    return u;
}
template <> PasswordAlgorithm sample() { return {{0x0002, kParams}}; }
template <> PasswordAlgorithms sample() {
    PasswordAlgorithms p;
    p.entries.push_back({0x0002, {}});
    p.entries.push_back({0x0001, kParams});
    return p;
}

}  // namespace

TEMPLATE_TEST_CASE("attributes survive an encode/decode round trip", "[attributes]", MappedAddress,
                   XorMappedAddress, XorPeerAddress, XorRelayedAddress, AlternateServer, ResponseOrigin,
                   OtherAddress, SourceAddress, ChangedAddress, Username, Realm, Nonce, Software, AlternateDomain,
                   Origin, DataAttr, ReservationToken, Userhash, MessageIntegrity, MessageIntegritySha256,
                   PaddingAttr, AccessToken, ThirdPartyAuthorization, MobilityTicket, Lifetime, ConnectionId,
                   Fingerprint, ChannelNumber, RequestedTransport, RequestedAddressFamily, AdditionalAddressFamily,
                   AdditionalAddressFamilyCoturn, EvenPort, DontFragment, ResponsePort, ChangeRequest, Icmp, ErrorCode,
                   AddressErrorCode, AddressErrorCodeCoturn, UnknownAttributes, PasswordAlgorithm, PasswordAlgorithms) {
    const TestType original = sample<TestType>();
    // Value level: encode_value then decode_value.
    std::vector<std::uint8_t> value(original.value_size());
    original.encode_value(value, sample_tid());
    auto direct = TestType::decode_value(value, sample_tid());
    REQUIRE(direct);
    CHECK(*direct == original);
    if constexpr (TestType::kType == AttrType::Fingerprint) return;  // an arbitrary CRC fails the message check
    // Message level: through the builder and the decoder.
    std::array<std::uint8_t, 512> buf{};
    MessageBuilder b(buf, {Method::Allocate, MessageClass::Request}, sample_tid());
    b.add(original);
    auto bytes = b.finish();
    REQUIRE(bytes);
    CHECK(bytes->size() % 4 == 0);
    auto m = StunMessage::decode(*bytes);
    REQUIRE(m);
    REQUIRE(m->attributes().size() == 1);
    CHECK(m->attributes()[0].type == static_cast<std::uint16_t>(TestType::kType));
    CHECK(is_known_attribute(static_cast<std::uint16_t>(TestType::kType)));
    auto decoded = m->template get<TestType>();
    REQUIRE(decoded);
    CHECK(*decoded == original);
}

TEST_CASE("an absent attribute is reported as Missing") {
    auto m = StunMessage::decode(stun(0x0001, 0));
    REQUIRE(m);
    CHECK(m->get<Lifetime>().error() == AttrError::Missing);
}

namespace {

// Decodes `value` as attribute A inside a message and returns the error.
template <class A>
AttrError value_error(std::initializer_list<std::uint8_t> value) {
    std::array<std::uint8_t, 1024> buf{};
    MessageBuilder b(buf, {Method::Binding, MessageClass::Request}, sample_tid());
    const std::vector<std::uint8_t> v(value);
    b.add_raw(static_cast<std::uint16_t>(A::kType), v);
    auto m = StunMessage::decode(*b.finish());
    REQUIRE(m);
    auto a = m->template get<A>();
    REQUIRE_FALSE(a);
    return a.error();
}

std::vector<std::uint8_t> repeat(std::uint8_t byte, std::size_t n) { return std::vector<std::uint8_t>(n, byte); }

template <class A>
AttrError text_error(const std::vector<std::uint8_t>& v) {
    return A::decode_value(v, sample_tid()).error();
}

}  // namespace

TEST_CASE("malformed attribute values give typed errors") {
    // Address family must be 0x01 or 0x02, and the length must match it.
    CHECK(value_error<XorPeerAddress>({0, 3, 0, 1, 1, 2, 3, 4}) == AttrError::BadFamily);
    CHECK(value_error<XorPeerAddress>({0, 1, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8}) == AttrError::BadLength);
    CHECK(value_error<XorPeerAddress>({0, 2, 0, 1, 1, 2, 3, 4}) == AttrError::BadLength);
    CHECK(value_error<MappedAddress>({0, 1}) == AttrError::BadLength);
    // Fixed-size numbers.
    CHECK(value_error<Lifetime>({0, 0, 1}) == AttrError::BadLength);
    CHECK(value_error<ChannelNumber>({0x40, 0x00}) == AttrError::BadLength);
    CHECK(value_error<RequestedTransport>({17}) == AttrError::BadLength);
    CHECK(value_error<RequestedAddressFamily>({3, 0, 0, 0}) == AttrError::BadFamily);
    CHECK(value_error<AdditionalAddressFamily>({0, 0, 0, 0}) == AttrError::BadFamily);
    CHECK(value_error<EvenPort>({0x80, 0, 0, 0}) == AttrError::BadLength);
    CHECK(value_error<DontFragment>({1}) == AttrError::BadLength);
    CHECK(value_error<Icmp>({0, 0, 3, 1}) == AttrError::BadLength);
    CHECK(value_error<ReservationToken>({1, 2, 3, 4}) == AttrError::BadLength);
    CHECK(value_error<Userhash>({1, 2, 3, 4}) == AttrError::BadLength);
    // ERROR-CODE: class 3..6, number 0..99.
    CHECK(value_error<ErrorCode>({0, 0, 7, 0}) == AttrError::BadValue);
    CHECK(value_error<ErrorCode>({0, 0, 2, 0}) == AttrError::BadValue);
    CHECK(value_error<ErrorCode>({0, 0, 4, 100}) == AttrError::BadValue);
    CHECK(value_error<ErrorCode>({0, 0}) == AttrError::BadLength);
    CHECK(value_error<AddressErrorCode>({9, 0, 4, 40}) == AttrError::BadFamily);
    // UNKNOWN-ATTRIBUTES holds 16-bit values.
    CHECK(value_error<UnknownAttributes>({0, 1, 0}) == AttrError::BadLength);
    // PASSWORD-ALGORITHMS entries must fit in the attribute.
    CHECK(value_error<PasswordAlgorithms>({0, 2, 0, 8, 1, 2}) == AttrError::BadLength);
    CHECK(value_error<PasswordAlgorithm>({0, 2}) == AttrError::BadLength);
}

TEST_CASE("text attributes enforce UTF-8 and the RFC 8489 size limits") {
    CHECK(text_error<Username>({'a', 0xC3}) == AttrError::InvalidUtf8);        // truncated sequence
    CHECK(text_error<Realm>({0xC0, 0x80}) == AttrError::InvalidUtf8);          // overlong NUL
    CHECK(text_error<Nonce>({0xED, 0xA0, 0x80}) == AttrError::InvalidUtf8);    // surrogate
    CHECK(text_error<Software>({0xF4, 0x90, 0x80, 0x80}) == AttrError::InvalidUtf8);  // > U+10FFFF
    CHECK(text_error<Username>(repeat('u', 513)) == AttrError::TooLong);       // USERNAME < 513 bytes
    CHECK(Username::decode_value(repeat('u', 512), sample_tid()).ok());
    CHECK(text_error<Realm>(repeat('r', 128)) == AttrError::TooLong);          // < 128 characters
    CHECK(Realm::decode_value(repeat('r', 127), sample_tid()).ok());
    CHECK(text_error<Nonce>(repeat('n', 764)) == AttrError::TooLong);          // <= 763 bytes
}

TEST_CASE("UNKNOWN-ATTRIBUTES holds at most 32 types") {
    std::vector<std::uint8_t> v;
    for (int i = 0; i < 33; ++i) v.insert(v.end(), {0x00, static_cast<std::uint8_t>(0x40 + i)});
    CHECK(UnknownAttributes::decode_value(v, sample_tid()).error() == AttrError::TooManyValues);
}

TEST_CASE("RFFU bits are ignored on receipt") {
    CHECK(RequestedTransport::decode_value(std::vector<std::uint8_t>{17, 0xFF, 0xFF, 0xFF}, sample_tid())->protocol == 17);
    CHECK(EvenPort::decode_value(std::vector<std::uint8_t>{0x7F}, sample_tid())->reserve_next == false);
    CHECK(ChannelNumber::decode_value(std::vector<std::uint8_t>{0x40, 0x01, 0xAB, 0xCD}, sample_tid())->value == 0x4001);
}

TEST_CASE("XOR-PEER-ADDRESS encodes per RFC 8489 §14.2") {
    std::array<std::uint8_t, 64> buf{};
    MessageBuilder b(buf, {Method::Send, MessageClass::Indication}, sample_tid());
    b.add(XorPeerAddress{*TransportAddress::parse("192.0.2.1", 32853)});
    auto out = *b.finish();
    // Port 32853 ^ 0x2112 = 0xA147; 192.0.2.1 ^ 0x2112A442 = e1 12 a6 43 (RFC 5769 §2.2).
    const Bytes expected = {0x00, 0x12, 0x00, 0x08, 0x00, 0x01, 0xA1, 0x47, 0xE1, 0x12, 0xA6, 0x43};
    CHECK(Bytes(out.begin() + 20, out.end()) == expected);
}

TEST_CASE("CreatePermission's several XOR-PEER-ADDRESS are all visited in order") {
    std::array<std::uint8_t, 128> buf{};
    MessageBuilder b(buf, {Method::CreatePermission, MessageClass::Request}, sample_tid());
    b.add(XorPeerAddress{v4()}).add(XorPeerAddress{v6()});
    auto m = StunMessage::decode(*b.finish());
    REQUIRE(m);
    std::vector<std::string> seen;
    m->for_each<XorPeerAddress>([&](const auto& r) { seen.push_back(r->address.to_string()); });
    CHECK(seen == std::vector<std::string>{"198.51.100.7:49152", "[2001:db8::dead:beef]:65535"});
}
