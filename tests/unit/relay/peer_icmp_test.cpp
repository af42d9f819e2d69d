// ICMP errors about datagrams the relay sent to peers (RFC 8656 §11.5): the
// client hears of them in a Data indication with XOR-PEER-ADDRESS and an
// ICMP attribute (§18.13) instead of DATA, for permitted peers and the
// listed ICMP types only, and no more than the allocation's bound allows.
#include <catch2/catch.hpp>

#include "relay_harness.hpp"

using namespace turn::proto;
using namespace turn::relay;
using namespace turn::relay::test;

namespace {

const TransportAddress kPeer = addr("198.51.100.20", 7000);
const TransportAddress kPeer6 = addr("2001:db8::20", 7000);

constexpr PeerIcmp kPortUnreachable{3, 3, 0};

// The Data indications the client got, decoded (the harness keeps the bytes).
std::vector<StunMessage> indications(Harness& h) {
    std::vector<StunMessage> out;
    for (const auto& s : h.transport.sent) {
        if (!s.to_client) continue;
        auto m = StunMessage::decode(s.bytes);
        REQUIRE(m);
        if (m->type() == MessageType{Method::Data, MessageClass::Indication}) out.push_back(*m);
    }
    return out;
}

Allocation& allocation(Harness& h) { return *h.transport.owners[0]; }

}  // namespace

TEST_CASE("an ICMP port unreachable about a permitted peer reaches the client as a Data indication without DATA") {
    Harness h;
    REQUIRE(h.allocate());
    REQUIRE(h.permit(kPeer));
    h.transport.sent.clear();
    h.core->on_peer_icmp(allocation(h), kPeer, kPortUnreachable);
    h.core->end_of_batch();
    const auto sent = indications(h);
    REQUIRE(sent.size() == 1);
    CHECK(h.transport.sent[0].client == h.client);
    CHECK(sent[0].get<XorPeerAddress>()->address == kPeer);  // the peer's port too, not only its IP
    CHECK(*sent[0].get<Icmp>() == Icmp{3, 3, 0});
    CHECK_FALSE(sent[0].has(AttrType::Data));
    CHECK_FALSE(sent[0].has(AttrType::MessageIntegrity));  // indications are not signed (§5)
    CHECK(h.core->counters().icmp_reports == 1);
}

TEST_CASE("Error Data carries the next-hop MTU for fragmentation needed and packet too big, zero otherwise") {
    CHECK(icmp_error_data(AddressFamily::IPv4, {3, 4, 1280}) == 1280);   // fragmentation needed (RFC 1191)
    CHECK(icmp_error_data(AddressFamily::IPv6, {2, 0, 1280}) == 1280);   // packet too big (RFC 4443 §3.2)
    CHECK(icmp_error_data(AddressFamily::IPv4, {3, 3, 1280}) == 0);      // the kernel's info means nothing here
    CHECK(icmp_error_data(AddressFamily::IPv4, {11, 0, 99}) == 0);
    CHECK(icmp_error_data(AddressFamily::IPv6, {1, 4, 99}) == 0);
}

TEST_CASE("only ICMPv4 types 3 and 11 and ICMPv6 types 1, 2 and 3 are relayed") {
    for (int type = 0; type < 256; ++type) {
        const auto t = static_cast<std::uint8_t>(type);
        INFO("type " << type);
        CHECK(icmp_relayable(AddressFamily::IPv4, t) == (type == 3 || type == 11));
        CHECK(icmp_relayable(AddressFamily::IPv6, t) == (type == 1 || type == 2 || type == 3));
    }
    Harness h;
    REQUIRE(h.allocate());
    REQUIRE(h.permit(kPeer));
    h.transport.sent.clear();
    h.core->on_peer_icmp(allocation(h), kPeer, {5, 1, 0});   // redirect
    h.core->on_peer_icmp(allocation(h), kPeer, {12, 0, 0});  // parameter problem
    h.core->end_of_batch();
    CHECK(h.transport.sent.empty());
    CHECK(h.core->counters().dropped_icmp == 2);
}

TEST_CASE("an ICMP error about a peer without a permission is dropped") {
    Harness h;
    REQUIRE(h.allocate());
    REQUIRE(h.permit(kPeer));
    h.transport.sent.clear();
    h.core->on_peer_icmp(allocation(h), addr("198.51.100.21", 7000), kPortUnreachable);
    h.clock.advance_seconds(301);  // RFC 8656 §9: the permission has expired
    h.core->on_peer_icmp(allocation(h), kPeer, kPortUnreachable);
    h.core->end_of_batch();
    CHECK(h.transport.sent.empty());
    CHECK(h.core->counters().dropped_icmp == 2);
}

TEST_CASE("an IPv6 packet too big reaches a dual allocation's client with the MTU") {
    HarnessOptions both_families;
    both_families.relay_ips = {{"127.0.0.1", "127.0.0.1"}, {"::1", "::1"}};
    Harness h(both_families);
    REQUIRE(h.allocate([](MessageBuilder& b) { b.add(AdditionalAddressFamily{AddressFamily::IPv6}); }));
    REQUIRE(h.permit(kPeer6));
    h.transport.sent.clear();
    h.core->on_peer_icmp(allocation(h), kPeer6, {2, 0, 1400});
    h.core->end_of_batch();
    const auto sent = indications(h);
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].get<XorPeerAddress>()->address == kPeer6);
    CHECK(*sent[0].get<Icmp>() == Icmp{2, 0, 1400});
}

TEST_CASE("a flood of ICMP errors reaches the client at a bounded rate") {
    Harness h;
    REQUIRE(h.allocate());
    REQUIRE(h.permit(kPeer));
    h.transport.sent.clear();
    for (int i = 0; i < 100; ++i) h.core->on_peer_icmp(allocation(h), kPeer, kPortUnreachable);
    h.core->end_of_batch();
    CHECK(indications(h).size() == kIcmpReportsPerSecond);
    CHECK(h.core->counters().dropped_icmp == 100 - kIcmpReportsPerSecond);
    // A second later the bound has room for another second's worth.
    h.transport.sent.clear();
    h.clock.now_ms += 1000;
    for (int i = 0; i < 100; ++i) h.core->on_peer_icmp(allocation(h), kPeer, kPortUnreachable);
    h.core->end_of_batch();
    CHECK(indications(h).size() == kIcmpReportsPerSecond);
}
