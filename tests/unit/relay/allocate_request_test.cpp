// What an Allocate asks for (RFC 8656 §7.2): the attribute checks that need
// no server state, in the RFC's order, and what a valid request asks for.
#include <catch2/catch.hpp>

#include <functional>
#include <vector>

#include "protocol/attributes.hpp"
#include "protocol/message_builder.hpp"
#include "relay/allocate_request.hpp"

using namespace turn::proto;
using namespace turn::relay;

namespace {

using Attrs = std::function<void(MessageBuilder&)>;

turn::Result<AllocateAsk, StunError> parse(const Attrs& attrs) {
    std::vector<std::uint8_t> buf(512);
    MessageBuilder b(buf, {Method::Allocate, MessageClass::Request}, TransactionId{});
    attrs(b);
    const auto bytes = b.finish();
    REQUIRE(bytes);
    const auto msg = StunMessage::decode(*bytes);
    REQUIRE(msg);
    return parse_allocate(*msg);
}

// An attribute value the codec refuses to decode, written raw.
void raw(MessageBuilder& b, AttrType type, std::vector<std::uint8_t> value) {
    b.add_raw(static_cast<std::uint16_t>(type), value);
}

const std::vector<std::uint8_t> kToken(8, 7);

void udp(MessageBuilder& b) { b.add(RequestedTransport{}); }
void requested_v6(MessageBuilder& b) { b.add(RequestedAddressFamily{AddressFamily::IPv6}); }
void additional_v6(MessageBuilder& b) { b.add(AdditionalAddressFamily{AddressFamily::IPv6}); }
void token(MessageBuilder& b) { b.add(ReservationToken{kToken}); }

Attrs all_of(std::vector<Attrs> parts) {
    return [parts](MessageBuilder& b) {
        for (const auto& p : parts) p(b);
    };
}

}  // namespace

TEST_CASE("an Allocate with only REQUESTED-TRANSPORT UDP asks for one IPv4 relayed address") {
    const auto ask = parse(udp);
    REQUIRE(ask);
    CHECK(ask->family == AddressFamily::IPv4);
    CHECK_FALSE(ask->dual);
    CHECK_FALSE(ask->token);
    CHECK_FALSE(ask->port.even);
    CHECK_FALSE(ask->port.dont_fragment);
}

TEST_CASE("REQUESTED-ADDRESS-FAMILY chooses the family, ADDITIONAL-ADDRESS-FAMILY IPv6 asks for both") {
    const auto v6 = parse(all_of({udp, requested_v6}));
    REQUIRE(v6);
    CHECK(v6->family == AddressFamily::IPv6);
    CHECK_FALSE(v6->dual);
    const auto v4 = parse(all_of({udp, [](MessageBuilder& b) { b.add(RequestedAddressFamily{AddressFamily::IPv4}); }}));
    REQUIRE(v4);
    CHECK(v4->family == AddressFamily::IPv4);
    const auto dual = parse(all_of({udp, additional_v6}));
    REQUIRE(dual);
    CHECK(dual->dual);
    CHECK(dual->family == AddressFamily::IPv4);
}

TEST_CASE("the RFC 8656 §7.2 checks answer in the RFC's order") {
    struct Case {
        const char* what;
        Attrs attrs;
        StunError error;
    };
    const Case cases[] = {
        {"no REQUESTED-TRANSPORT", [](MessageBuilder&) {}, StunError::BadRequest},
        {"REQUESTED-TRANSPORT ICMP", [](MessageBuilder& b) { b.add(RequestedTransport{1}); },
         StunError::UnsupportedTransportProtocol},
        {"RESERVATION-TOKEN with EVEN-PORT", all_of({udp, token, [](MessageBuilder& b) { b.add(EvenPort{}); }}),
         StunError::BadRequest},
        {"RESERVATION-TOKEN with REQUESTED-ADDRESS-FAMILY", all_of({udp, token, requested_v6}), StunError::BadRequest},
        {"RESERVATION-TOKEN with ADDITIONAL-ADDRESS-FAMILY", all_of({udp, token, additional_v6}),
         StunError::BadRequest},
        {"a RESERVATION-TOKEN of 4 bytes",
         all_of({udp, [](MessageBuilder& b) { raw(b, AttrType::ReservationToken, {1, 2, 3, 4}); }}),
         StunError::BadRequest},
        {"both family attributes", all_of({udp, requested_v6, additional_v6}), StunError::BadRequest},
        {"REQUESTED-ADDRESS-FAMILY of an unknown family",
         all_of({udp, [](MessageBuilder& b) { raw(b, AttrType::RequestedAddressFamily, {0x03, 0, 0, 0}); }}),
         StunError::AddressFamilyNotSupported},
        {"REQUESTED-ADDRESS-FAMILY of 2 bytes",
         all_of({udp, [](MessageBuilder& b) { raw(b, AttrType::RequestedAddressFamily, {0x02, 0}); }}),
         StunError::BadRequest},
        {"ADDITIONAL-ADDRESS-FAMILY IPv4",
         all_of({udp, [](MessageBuilder& b) { b.add(AdditionalAddressFamily{AddressFamily::IPv4}); }}),
         StunError::BadRequest},
        {"ADDITIONAL-ADDRESS-FAMILY of an unknown family",
         all_of({udp, [](MessageBuilder& b) { raw(b, AttrType::AdditionalAddressFamily, {0x03, 0, 0, 0}); }}),
         StunError::BadRequest},
        {"a LIFETIME of 2 bytes", all_of({udp, [](MessageBuilder& b) { raw(b, AttrType::Lifetime, {0, 0}); }}),
         StunError::BadRequest},
        {"EVEN-PORT with R and ADDITIONAL-ADDRESS-FAMILY",
         all_of({udp, additional_v6, [](MessageBuilder& b) { b.add(EvenPort{true}); }}), StunError::BadRequest},
    };
    for (const auto& c : cases) {
        INFO(c.what);
        const auto ask = parse(c.attrs);
        REQUIRE_FALSE(ask);
        CHECK(ask.error() == c.error);
    }
}

TEST_CASE("coturn's type for ADDITIONAL-ADDRESS-FAMILY (0x8032) asks for a dual allocation too, and is checked alike") {
    const auto coturn = [](MessageBuilder& b) { b.add(AdditionalAddressFamilyCoturn{AddressFamily::IPv6}); };
    const auto dual = parse(all_of({udp, coturn}));
    REQUIRE(dual);
    CHECK(dual->dual);
    CHECK(dual->coturn_types);  // so ADDRESS-ERROR-CODE goes back as coturn's 0x8033
    const auto both = parse(all_of({udp, coturn, additional_v6}));
    REQUIRE(both);
    CHECK_FALSE(both->coturn_types);  // RFC 8656's type wins
    CHECK_FALSE(parse(all_of({udp, additional_v6})).value().coturn_types);
    CHECK(parse(all_of({udp, coturn, requested_v6})).error() == StunError::BadRequest);
    CHECK(parse(all_of({udp, coturn, token})).error() == StunError::BadRequest);
    CHECK(parse(all_of({udp, [](MessageBuilder& b) {
              b.add(AdditionalAddressFamilyCoturn{AddressFamily::IPv4});
          }})).error() == StunError::BadRequest);
}

TEST_CASE("EVEN-PORT without R goes with a dual allocation, and the token, DONT-FRAGMENT and the R bit are read") {
    const auto dual = parse(all_of({udp, additional_v6, [](MessageBuilder& b) { b.add(EvenPort{}); }}));
    REQUIRE(dual);
    CHECK(dual->dual);
    CHECK(dual->port.even);
    CHECK_FALSE(dual->port.reserve_next);

    const auto reserve = parse(all_of({udp, [](MessageBuilder& b) {
        b.add(EvenPort{true});
        raw(b, AttrType::DontFragment, {});  // RFC 8656 §18.7: no value
    }}));
    REQUIRE(reserve);
    CHECK(reserve->port.reserve_next);
    CHECK(reserve->port.dont_fragment);

    const auto redeem = parse(all_of({udp, token}));
    REQUIRE(redeem);
    REQUIRE(redeem->token);
    CHECK(std::vector<std::uint8_t>(redeem->token->begin(), redeem->token->end()) == kToken);
}

TEST_CASE("REQUESTED-TRANSPORT TCP asks for an RFC 6062 allocation, whose other checks are the core's") {
    const auto tcp = parse([](MessageBuilder& b) { b.add(RequestedTransport{RequestedTransport::kTcp}); });
    REQUIRE(tcp);
    CHECK(tcp->tcp);
    CHECK_FALSE(parse(udp).value().tcp);
}
