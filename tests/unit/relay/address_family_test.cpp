// IPv6 relayed addresses and dual allocations (RFC 8656 §7.2, §7.4, §9.1;
// RFC 6156): which relayed address families an Allocate gets, how peers of
// each family are relayed, and what freeing gives back.
#include <catch2/catch.hpp>

#include "relay_harness.hpp"

using namespace turn::proto;
using namespace turn::relay;
using namespace turn::relay::test;

namespace {

const std::vector<RelayIp> kBothFamilies = {{"127.0.0.1", "203.0.113.9"}, {"::1", "2001:db8::9"}};
const std::vector<RelayIp> kIpv4Only = {{"127.0.0.1", "203.0.113.9"}};
const std::vector<RelayIp> kIpv6Only = {{"::1", "2001:db8::9"}};

const TransportAddress kPeer4 = addr("198.51.100.20", 7000);
const TransportAddress kPeer6 = addr("2001:db8:1::20", 7000);

HarnessOptions relays(const std::vector<RelayIp>& ips) {
    HarnessOptions o;
    o.relay_ips = ips;
    return o;
}

void ipv4(MessageBuilder& b) { b.add(RequestedAddressFamily{AddressFamily::IPv4}); }
void ipv6(MessageBuilder& b) { b.add(RequestedAddressFamily{AddressFamily::IPv6}); }
void dual(MessageBuilder& b) { b.add(AdditionalAddressFamily{AddressFamily::IPv6}); }

std::vector<TransportAddress> relayed_addresses(const StunMessage& m) {
    std::vector<TransportAddress> out;
    m.for_each<XorRelayedAddress>([&](const auto& a) {
        REQUIRE(a);
        out.push_back(a->address);
    });
    return out;
}

std::vector<std::uint8_t> send_indication(Harness& h, const TransportAddress& peer) {
    std::vector<std::uint8_t> out(256);
    const std::uint8_t data[] = {'h', 'i'};
    MessageBuilder b(out, {Method::Send, MessageClass::Indication}, h.next_tid());
    b.add(XorPeerAddress{peer}).add(DataAttr{data});
    out.resize(b.finish()->size());
    return out;
}

// The socket the fake transport opened for `family`.
RelaySocket socket_of(const Harness& h, AddressFamily family) {
    for (std::size_t i = 0; i < h.transport.bound.size(); ++i)
        if (h.transport.bound[i].family == family) return static_cast<RelaySocket>(100 + i);
    FAIL("no relay socket of that family");
    return -1;
}

// A dual allocation that got only `got`: one XOR-RELAYED-ADDRESS, and
// ADDRESS-ERROR-CODE with `code` for the other family (RFC 8656 §7.2).
void require_one_family(const StunMessage& r, AddressFamily got, std::uint16_t code) {
    const auto relayed = relayed_addresses(r);
    REQUIRE(relayed.size() == 1);
    CHECK(relayed[0].family == got);
    const auto error = r.get<AddressErrorCode>();
    REQUIRE(error);
    CHECK(error->family == (got == AddressFamily::IPv4 ? AddressFamily::IPv6 : AddressFamily::IPv4));
    CHECK(error->code == code);
}

bool refresh(Harness& h, AddressFamily family, std::uint32_t lifetime) {
    return h.roundtrip(Method::Refresh, [&](MessageBuilder& b) {
        b.add(Lifetime{lifetime}).add(RequestedAddressFamily{family});
    });
}

}  // namespace

TEST_CASE("REQUESTED-ADDRESS-FAMILY IPv6 gets one IPv6 relayed address, bound on the IPv6 relay IP") {
    Harness h(relays(kBothFamilies));
    REQUIRE(h.allocate(ipv6));
    const auto r = h.last_response();
    const auto relayed = relayed_addresses(r);
    REQUIRE(relayed.size() == 1);
    CHECK(relayed[0].ip_string() == "2001:db8::9");  // external-ip's advertised address
    REQUIRE(h.transport.bound.size() == 1);
    CHECK(h.transport.bound[0] == addr("::1", relayed[0].port));
    CHECK_FALSE(r.has(AttrType::AddressErrorCode));
    CHECK(r.get<XorMappedAddress>()->address == h.client.addr);
}

TEST_CASE("REQUESTED-ADDRESS-FAMILY IPv4, or none, gets an IPv4 relayed address on a server with both") {
    Harness h(relays(kBothFamilies));
    REQUIRE(h.allocate(ipv4));
    CHECK(relayed_addresses(h.last_response()).at(0).ip_string() == "203.0.113.9");
    h.move_to(40001);
    REQUIRE(h.allocate());
    CHECK(relayed_addresses(h.last_response()).at(0).ip_string() == "203.0.113.9");
}

TEST_CASE("without a relay address of the asked family the Allocate gets 440 and leaves nothing behind") {
    HarnessOptions v4 = relays(kIpv4Only);
    v4.user_quota = 1;
    Harness h(v4);
    CHECK_FALSE(h.allocate(ipv6));
    CHECK(h.last_error() == 440);

    HarnessOptions v6 = relays(kIpv6Only);
    v6.user_quota = 1;
    Harness g(v6);
    CHECK_FALSE(g.allocate());  // RFC 8656 §7.2: no REQUESTED-ADDRESS-FAMILY means IPv4
    CHECK(g.last_error() == 440);
    CHECK_FALSE(g.allocate(ipv4));
    CHECK(g.last_error() == 440);
    CHECK(g.transport.open == 0);
    CHECK(g.core->allocation_count() == 0);
    CHECK(g.allocate(ipv6));  // the quota was given back each time
}

TEST_CASE("a dual allocation gets an IPv4 and an IPv6 relayed address, IPv4 first, from two sockets") {
    Harness h(relays(kBothFamilies));
    REQUIRE(h.allocate(dual));
    const auto r = h.last_response();
    const auto relayed = relayed_addresses(r);
    REQUIRE(relayed.size() == 2);
    CHECK(relayed[0].ip_string() == "203.0.113.9");
    CHECK(relayed[1].ip_string() == "2001:db8::9");
    CHECK_FALSE(r.has(AttrType::AddressErrorCode));
    CHECK(r.get<Lifetime>()->value == 600);
    CHECK(h.transport.open == 2);
    CHECK(h.transport.bound.at(0) == addr("127.0.0.1", relayed[0].port));
    CHECK(h.transport.bound.at(1) == addr("::1", relayed[1].port));
    CHECK(h.transport.owners.at(0) == h.transport.owners.at(1));  // one allocation owns both
}

TEST_CASE("a dual allocation on a server without IPv6 relay addresses stands on IPv4, with ADDRESS-ERROR-CODE IPv6 440") {
    Harness h(relays(kIpv4Only));
    REQUIRE(h.allocate(dual));
    require_one_family(h.last_response(), AddressFamily::IPv4, 440);
    CHECK(h.transport.open == 1);
}

TEST_CASE("a dual allocation whose IPv6 socket cannot be opened stands on IPv4, with ADDRESS-ERROR-CODE IPv6 508") {
    Harness h(relays(kBothFamilies));
    const auto free_v6 = h.shared->pools[1]->free_ports();
    h.transport.fail_family = AddressFamily::IPv6;
    REQUIRE(h.allocate(dual));
    require_one_family(h.last_response(), AddressFamily::IPv4, 508);
    CHECK(h.shared->pools[1]->free_ports() == free_v6);  // the IPv6 port went back
}

TEST_CASE("a dual allocation asked for with coturn's attribute type gets ADDRESS-ERROR-CODE as coturn's type") {
    Harness h(relays(kIpv4Only));
    REQUIRE(h.allocate([](MessageBuilder& b) { b.add(AdditionalAddressFamilyCoturn{AddressFamily::IPv6}); }));
    const auto r = h.last_response();
    CHECK_FALSE(r.has(AttrType::AddressErrorCode));
    const auto error = r.get<AddressErrorCodeCoturn>();
    REQUIRE(error);
    CHECK(error->family == AddressFamily::IPv6);
    CHECK(error->code == 440);
}

TEST_CASE("a dual allocation on an IPv6-only server stands on IPv6, with ADDRESS-ERROR-CODE IPv4 440") {
    Harness h(relays(kIpv6Only));
    REQUIRE(h.allocate(dual));
    require_one_family(h.last_response(), AddressFamily::IPv6, 440);
}

TEST_CASE("a dual allocation that can have neither family gets 508 and holds no port") {
    HarnessOptions o = relays(kBothFamilies);
    o.min_port = o.max_port = 50000;
    o.user_quota = 2;
    Harness h(o);
    REQUIRE(h.allocate(dual));  // takes the only port of each family
    h.move_to(40001);
    CHECK_FALSE(h.allocate(dual));
    CHECK(h.last_error() == 508);
    CHECK(h.transport.open == 2);
    CHECK(h.core->allocation_count() == 1);
    h.move_to(40000);
    REQUIRE(h.roundtrip(Method::Refresh, [](MessageBuilder& b) { b.add(Lifetime{0}); }));
    h.move_to(40001);
    CHECK(h.allocate(dual));  // both ports and the quota came back
}

TEST_CASE("a retransmitted dual Allocate gets both relayed addresses again") {
    Harness h(relays(kBothFamilies));
    const TransactionId tid = h.next_tid();
    const auto attrs = [](MessageBuilder& b) { dual(b.add(RequestedTransport{})); };
    h.send(h.request(Method::Allocate, attrs, true, &tid));
    const auto first = h.last;
    h.send(h.request(Method::Allocate, attrs, true, &tid));
    CHECK(h.last == first);
    CHECK(relayed_addresses(h.last_response()).size() == 2);
    CHECK(h.transport.open == 2);
}

TEST_CASE("EVEN-PORT without R gives even ports in both families of a dual allocation") {
    Harness h(relays(kBothFamilies));
    REQUIRE(h.allocate([](MessageBuilder& b) { dual(b.add(EvenPort{})); }));
    const auto relayed = relayed_addresses(h.last_response());
    REQUIRE(relayed.size() == 2);
    CHECK(relayed[0].port % 2 == 0);
    CHECK(relayed[1].port % 2 == 0);
}

TEST_CASE("a RESERVATION-TOKEN from an IPv6 allocation redeems the next port on the IPv6 relay IP") {
    Harness h(relays(kBothFamilies));
    REQUIRE(h.allocate([](MessageBuilder& b) { ipv6(b.add(EvenPort{true})); }));
    const auto r = h.last_response();
    const auto port = relayed_addresses(r).at(0).port;
    const auto token = r.get<ReservationToken>();
    REQUIRE(token);
    const std::vector<std::uint8_t> t(token->value.begin(), token->value.end());
    h.move_to(40001);
    // RFC 8656 §7.2: with a token, no family attribute; the token's port decides.
    REQUIRE(h.allocate([&](MessageBuilder& b) { b.add(ReservationToken{t}); }));
    const auto redeemed = relayed_addresses(h.last_response());
    REQUIRE(redeemed.size() == 1);
    CHECK(redeemed[0] == addr("2001:db8::9", static_cast<std::uint16_t>(port + 1)));
    CHECK(h.transport.bound.back() == addr("::1", static_cast<std::uint16_t>(port + 1)));
}

TEST_CASE("in a dual allocation each peer is relayed through the socket of its own family") {
    Harness h(relays(kBothFamilies));
    REQUIRE(h.allocate(dual));
    // One CreatePermission may name peers of both families (RFC 8656 §9.1).
    REQUIRE(h.roundtrip(Method::CreatePermission,
                        [](MessageBuilder& b) { b.add(XorPeerAddress{kPeer4}).add(XorPeerAddress{kPeer6}); }));
    REQUIRE(h.bind_channel(0x4001, kPeer6));
    h.transport.sent.clear();
    h.send(send_indication(h, kPeer4));
    h.send(send_indication(h, kPeer6));
    h.send({0x40, 0x01, 0x00, 0x02, 'c', 'd'});
    REQUIRE(h.transport.sent.size() == 3);
    CHECK(h.transport.sent[0].peer == kPeer4);
    CHECK(h.transport.sent[0].from == socket_of(h, AddressFamily::IPv4));
    CHECK(h.transport.sent[1].peer == kPeer6);
    CHECK(h.transport.sent[1].from == socket_of(h, AddressFamily::IPv6));
    CHECK(h.transport.sent[2].peer == kPeer6);
    CHECK(h.transport.sent[2].from == socket_of(h, AddressFamily::IPv6));
}

TEST_CASE("peer datagrams arriving on either relay socket of a dual allocation reach the client") {
    Harness h(relays(kBothFamilies));
    REQUIRE(h.allocate(dual));
    REQUIRE(h.permit(kPeer4));
    REQUIRE(h.permit(kPeer6));
    for (const auto& peer : {kPeer4, kPeer6}) {
        INFO(peer.to_string());
        std::vector<std::uint8_t> buf(64 + 4 + 4, 0);
        std::copy_n("data", 4, buf.begin() + 64);
        h.transport.sent.clear();
        Allocation& owner = *h.transport.owners.at(peer.family == AddressFamily::IPv4 ? 0 : 1);
        h.core->on_peer_datagram(owner, peer, {buf.data() + 64, 4, 64, 4});
        REQUIRE(h.transport.sent.size() == 1);
        CHECK(h.transport.sent[0].client == h.client);
        const auto m = StunMessage::decode(h.transport.sent[0].bytes);
        REQUIRE(m);
        CHECK(m->get<XorPeerAddress>()->address == peer);  // an IPv6 XOR-PEER-ADDRESS fits the headroom
    }
}

TEST_CASE("a single-family allocation refuses peers of the other family with 443, in CreatePermission and ChannelBind") {
    Harness h(relays(kBothFamilies));
    REQUIRE(h.allocate(ipv6));
    CHECK_FALSE(h.permit(kPeer4));
    CHECK(h.last_error() == 443);
    CHECK_FALSE(h.bind_channel(0x4001, kPeer4));
    CHECK(h.last_error() == 443);
    CHECK(h.permit(kPeer6));

    h.move_to(40001);
    REQUIRE(h.allocate());
    CHECK_FALSE(h.permit(kPeer6));
    CHECK(h.last_error() == 443);
    CHECK_FALSE(h.bind_channel(0x4001, kPeer6));
    CHECK(h.last_error() == 443);
}

TEST_CASE("Refresh with REQUESTED-ADDRESS-FAMILY the allocation lacks gets 443, one it has refreshes the whole allocation") {
    Harness h(relays(kBothFamilies));
    REQUIRE(h.allocate());
    CHECK_FALSE(refresh(h, AddressFamily::IPv6, 600));
    CHECK(h.last_error() == 443);
    CHECK(refresh(h, AddressFamily::IPv4, 600));

    h.move_to(40001);
    REQUIRE(h.allocate(ipv6));
    CHECK_FALSE(refresh(h, AddressFamily::IPv4, 600));
    CHECK(h.last_error() == 443);

    h.move_to(40002);
    REQUIRE(h.allocate(dual));
    h.clock.advance_seconds(500);
    CHECK(refresh(h, AddressFamily::IPv6, 900));
    CHECK(h.last_response().get<Lifetime>()->value == 900);
    h.clock.advance_seconds(200);  // past the first 600 s of every allocation
    h.core->sweep();
    CHECK(h.core->allocation_count() == 1);
    CHECK(h.transport.open == 2);  // both halves live on
}

TEST_CASE("freeing a dual allocation closes both sockets and gives both ports back") {
    Harness h(relays(kBothFamilies));
    const auto free4 = h.shared->pools[0]->free_ports();
    const auto free6 = h.shared->pools[1]->free_ports();
    SECTION("with a Refresh of LIFETIME 0, even one that names a family") {
        REQUIRE(h.allocate(dual));
        REQUIRE(refresh(h, AddressFamily::IPv6, 0));
    }
    SECTION("when it expires") {
        REQUIRE(h.allocate(dual));
        h.clock.advance_seconds(601);
        h.core->sweep();
    }
    CHECK(h.core->allocation_count() == 0);
    CHECK(h.transport.open == 0);
    CHECK(h.transport.closed.size() == 2);
    CHECK(h.shared->pools[0]->free_ports() == free4);
    CHECK(h.shared->pools[1]->free_ports() == free6);
}

TEST_CASE("the relayed address of a family an allocation does not use costs eight bytes") {
    // Issue 7 holds an allocation to 1 KiB resident: the second family must
    // not cost an IPv6 transport address (and its socket) when unused.
    STATIC_REQUIRE(sizeof(RelayEndpoint) == 8);
    STATIC_REQUIRE(sizeof(RelayEndpoints) == 16);
}
