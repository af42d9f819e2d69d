// RFC 5780 on the server side: the address pairs, Table 1 of §6.1, and what
// a Binding request that the server cannot honour gets back.
#include <catch2/catch.hpp>

#include "relay/nat_discovery.hpp"
#include "relay_harness.hpp"

using namespace turn;
using namespace turn::proto;
using namespace turn::relay;
using namespace turn::relay::test;

namespace {

// A1 = 192.0.2.1, A2 = 192.0.2.2, P1 = 3478, P2 = 3479 (and TLS 5349/5350).
NatDiscoveryConfig two_addresses() {
    NatDiscoveryConfig d;
    d.ips = {addr("192.0.2.1", 0), addr("192.0.2.2", 0), addr("2001:db8::1", 0), addr("2001:db8::2", 0)};
    d.ports = {{3478, 3479}, {5349, 5350}};
    return d;
}

std::uint16_t type_of(AttrType t) { return static_cast<std::uint16_t>(t); }

Result<BindingPlan, BindingRefusal> plan(const DiscoveryAsk& ask, ClientTransportKind kind = ClientTransportKind::Udp,
                                         const char* local = "192.0.2.1") {
    return plan_binding(ask, kind, addr(local, 3478), two_addresses());
}

}  // namespace

TEST_CASE("OTHER-ADDRESS is the other IP of the family with the partner port (RFC 5780 §6, Table 1)") {
    const auto d = two_addresses();
    CHECK(d.other_address(addr("192.0.2.1", 3478)) == addr("192.0.2.2", 3479));
    CHECK(d.other_address(addr("192.0.2.2", 3479)) == addr("192.0.2.1", 3478));
    CHECK(d.other_address(addr("192.0.2.1", 5350)) == addr("192.0.2.2", 5349));
    CHECK(d.other_address(addr("2001:db8::2", 3478)) == addr("2001:db8::1", 3479));
}

TEST_CASE("with three IPs of a family each pairs with the next, wrapping around, as coturn") {
    NatDiscoveryConfig d;
    d.ips = {addr("192.0.2.1", 0), addr("2001:db8::1", 0), addr("192.0.2.2", 0), addr("192.0.2.3", 0)};
    d.ports = {{3478, 3479}};
    CHECK(d.other_address(addr("192.0.2.1", 3478)) == addr("192.0.2.2", 3479));
    CHECK(d.other_address(addr("192.0.2.2", 3478)) == addr("192.0.2.3", 3479));
    CHECK(d.other_address(addr("192.0.2.3", 3478)) == addr("192.0.2.1", 3479));
}

TEST_CASE("no other address for an unpaired port, an unknown IP, or a family with one IP") {
    NatDiscoveryConfig d = two_addresses();
    d.ips.pop_back();  // one IPv6 address left
    CHECK_FALSE(d.other_address(addr("192.0.2.1", 4000)));    // an aux-server port
    CHECK_FALSE(d.other_address(addr("192.0.2.9", 3478)));    // not a listening IP
    CHECK_FALSE(d.other_address(addr("0.0.0.0", 3478)));      // a wildcard listener
    CHECK_FALSE(d.other_address(addr("2001:db8::1", 3478)));  // no second IPv6 address
    CHECK_FALSE(NatDiscoveryConfig{}.enabled());
}

TEST_CASE("the response's source follows the CHANGE-REQUEST flags, OTHER-ADDRESS stays Ca:Cp (Table 1)") {
    struct Row {
        bool change_ip, change_port;
        const char* source_ip;
        std::uint16_t source_port;
    };
    const Row row = GENERATE(values<Row>({{false, false, "192.0.2.1", 3478},
                                          {true, false, "192.0.2.2", 3478},
                                          {false, true, "192.0.2.1", 3479},
                                          {true, true, "192.0.2.2", 3479}}));
    DiscoveryAsk ask;
    ask.change_ip = row.change_ip;
    ask.change_port = row.change_port;
    const auto p = plan(ask);
    REQUIRE(p);
    CHECK(p->discovery);
    CHECK(p->origin == addr(row.source_ip, row.source_port));
    CHECK(p->other == addr("192.0.2.2", 3479));
}

TEST_CASE("without an alternate address, CHANGE-REQUEST, RESPONSE-PORT and PADDING get 420 naming them") {
    DiscoveryAsk ask;
    ask.change_port = true;
    ask.response_port = 5000;
    ask.padding = 100;
    const auto p = plan_binding(ask, ClientTransportKind::Udp, addr("192.0.2.1", 3478), NatDiscoveryConfig{});
    REQUIRE_FALSE(p);
    const BindingRefusal refusal = p.error();
    CHECK(refusal.error == StunError::UnknownAttribute);
    CHECK(std::vector<std::uint16_t>(refusal.unknown.types.begin(), refusal.unknown.types.end()) ==
          std::vector<std::uint16_t>{type_of(AttrType::ChangeRequest), type_of(AttrType::ResponsePort),
                                     type_of(AttrType::Padding)});
}

TEST_CASE("an empty CHANGE-REQUEST is a plain Binding request, with discovery on or off") {
    const DiscoveryAsk empty;
    const auto off = plan_binding(empty, ClientTransportKind::Udp, addr("192.0.2.1", 3478), NatDiscoveryConfig{});
    REQUIRE(off);
    CHECK_FALSE(off->discovery);
    const auto on = plan(empty, ClientTransportKind::Stream);
    REQUIRE(on);
    CHECK(on->discovery);
    CHECK(on->origin == addr("192.0.2.1", 3478));
}

TEST_CASE("requests a transport cannot carry out get 400") {
    DiscoveryAsk change;
    change.change_ip = true;
    DiscoveryAsk port;
    port.response_port = 5000;
    DiscoveryAsk padding;
    padding.padding = 8;
    DiscoveryAsk both = padding;
    both.response_port = 5000;
    DiscoveryAsk port_zero;
    port_zero.response_port = 0;
    CHECK(plan(change, ClientTransportKind::Stream).error().error == StunError::BadRequest);
    CHECK(plan(change, ClientTransportKind::Dtls).error().error == StunError::BadRequest);
    CHECK(plan(port, ClientTransportKind::Dtls).error().error == StunError::BadRequest);
    CHECK(plan(padding, ClientTransportKind::Stream).error().error == StunError::BadRequest);
    CHECK(plan(both).error().error == StunError::BadRequest);  // §6.1, §7.5: never together
    CHECK(plan(port_zero).error().error == StunError::BadRequest);
    CHECK(plan(padding, ClientTransportKind::Dtls));  // fragments of DTLS records are a fine test too
}

TEST_CASE("PADDING in the response is the request's, rounded up to 4, and never above the cap") {
    DiscoveryAsk ask;
    ask.padding = 1497;
    CHECK(plan(ask)->padding == std::size_t{1500});
    ask.padding = 0;
    CHECK(plan(ask)->padding == std::size_t{0});
    ask.padding = 65000;
    CHECK(plan(ask)->padding == kMaxResponsePadding);
}

TEST_CASE("a CHANGE-REQUEST or RESPONSE-PORT of the wrong length is a bad request") {
    std::vector<std::uint8_t> buf(256);
    MessageBuilder b(buf, {Method::Binding, MessageClass::Request}, TransactionId{});
    const std::uint8_t three[3] = {0, 0, 6};
    b.add_raw(type_of(AttrType::ChangeRequest), three);
    auto msg = StunMessage::decode(*b.finish());
    REQUIRE(msg);
    CHECK(read_discovery_ask(*msg).error() == StunError::BadRequest);
}
