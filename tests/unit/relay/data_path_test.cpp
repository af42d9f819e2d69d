// Permissions, channels and the data path (RFC 8656 §9-12) through the relay
// core with a fake transport: what reaches the peer and the client, byte for byte.
#include <catch2/catch.hpp>

#include "protocol/channel_data.hpp"
#include "relay_harness.hpp"

using namespace turn::proto;
using namespace turn::relay;
using namespace turn::relay::test;

namespace {

const TransportAddress kPeer = addr("198.51.100.20", 7000);

std::vector<std::uint8_t> send_indication(Harness& h, const TransportAddress& peer, std::string_view text) {
    std::vector<std::uint8_t> out(512);
    MessageBuilder b(out, {Method::Send, MessageClass::Indication}, h.next_tid());
    b.add(XorPeerAddress{peer}).add(DataAttr{std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size())});
    out.resize(b.finish()->size());
    return out;
}

std::string as_text(std::span<const std::uint8_t> b) { return {b.begin(), b.end()}; }

}  // namespace

TEST_CASE("a Send indication reaches the peer only with a permission") {
    Harness h;
    REQUIRE(h.allocate());
    h.transport.sent.clear();
    h.send(send_indication(h, kPeer, "no permission yet"));
    CHECK(h.transport.sent.empty());
    CHECK(h.core->counters().dropped_no_permission == 1);
    REQUIRE(h.permit(kPeer));
    h.transport.sent.clear();
    // The permission is for the IP: any port of that peer may be reached (RFC 8656 §9).
    h.send(send_indication(h, addr("198.51.100.20", 9999), "hello"));
    REQUIRE(h.transport.sent.size() == 1);
    CHECK_FALSE(h.transport.sent[0].to_client);
    CHECK(h.transport.sent[0].peer == addr("198.51.100.20", 9999));
    CHECK(as_text(h.transport.sent[0].bytes) == "hello");
}

TEST_CASE("peer data becomes a Data indication with XOR-PEER-ADDRESS, padded, when no channel is bound") {
    Harness h;
    REQUIRE(h.allocate());
    REQUIRE(h.permit(kPeer));
    h.transport.sent.clear();
    PeerPacket p("hi!");  // 3 bytes: one byte of padding
    h.core->on_peer_datagram(*h.transport.owners[0], kPeer, p.view);
    REQUIRE(h.transport.sent.size() == 1);
    CHECK(h.transport.sent[0].client == h.client);
    auto m = StunMessage::decode(h.transport.sent[0].bytes);
    REQUIRE(m);
    CHECK(m->type() == MessageType{Method::Data, MessageClass::Indication});
    CHECK(m->get<XorPeerAddress>()->address == kPeer);
    CHECK(as_text(m->get<DataAttr>()->value) == "hi!");
    CHECK(h.transport.sent[0].bytes.back() == 0);
}

TEST_CASE("peer data from an address without a permission is dropped") {
    Harness h;
    REQUIRE(h.allocate());
    REQUIRE(h.permit(kPeer));
    h.transport.sent.clear();
    PeerPacket p("intruder");
    h.core->on_peer_datagram(*h.transport.owners[0], addr("198.51.100.21", 7000), p.view);
    CHECK(h.transport.sent.empty());
}

TEST_CASE("with a channel bound, data flows as ChannelData both ways, with no copy toward the client") {
    Harness h;
    REQUIRE(h.allocate());
    REQUIRE(h.bind_channel(0x4001, kPeer));
    h.transport.sent.clear();
    const std::vector<std::uint8_t> cd = {0x40, 0x01, 0x00, 0x04, 'p', 'i', 'n', 'g'};
    h.send(cd);
    REQUIRE(h.transport.sent.size() == 1);
    CHECK(h.transport.sent[0].peer == kPeer);
    CHECK(as_text(h.transport.sent[0].bytes) == "ping");

    h.transport.sent.clear();
    PeerPacket p("pong");
    h.core->on_peer_datagram(*h.transport.owners[0], kPeer, p.view);
    REQUIRE(h.transport.sent.size() == 1);
    auto d = decode_channel_data(h.transport.sent[0].bytes);
    REQUIRE(d);
    CHECK(d->channel == 0x4001);
    CHECK(as_text(d->payload) == "pong");
}

TEST_CASE("the thread's traffic totals count live allocations and outlive freed ones") {
    Harness h;
    REQUIRE(h.allocate());
    REQUIRE(h.bind_channel(0x4001, kPeer));
    h.send({0x40, 0x01, 0x00, 0x04, 'p', 'i', 'n', 'g'});
    PeerPacket p("pong");
    h.core->on_peer_datagram(*h.transport.owners[0], kPeer, p.view);
    CHECK(h.core->counters().allocations_created == 1);
    CHECK(h.core->traffic_totals().packets_to_peer == 1);
    CHECK(h.core->traffic_totals().bytes_to_client == 4);
    REQUIRE(h.roundtrip(Method::Refresh, [](MessageBuilder& b) { b.add(Lifetime{0}); }));
    REQUIRE(h.core->allocation_count() == 0);
    CHECK(h.core->traffic_totals().packets_to_peer == 1);
    CHECK(h.core->traffic_totals().packets_to_client == 1);
    CHECK(h.core->counters().allocations_created == 1);
}

TEST_CASE("ChannelData on an unbound channel, or from a client without allocation, is dropped") {
    Harness h;
    const std::vector<std::uint8_t> cd = {0x40, 0x02, 0x00, 0x01, 'x'};
    h.send(cd);
    CHECK(h.core->counters().dropped_no_allocation == 1);
    REQUIRE(h.allocate());
    h.transport.sent.clear();
    h.send(cd);
    CHECK(h.transport.sent.empty());
}

TEST_CASE("ChannelBind conflicts are 400, and a number is not reusable for 5 minutes after it expires") {
    Harness h;
    REQUIRE(h.allocate());
    REQUIRE(h.bind_channel(0x4001, kPeer));
    CHECK_FALSE(h.bind_channel(0x4001, addr("198.51.100.30", 1)));  // number taken
    CHECK(h.last_error() == 400);
    CHECK_FALSE(h.bind_channel(0x4002, kPeer));  // peer taken
    CHECK(h.last_error() == 400);
    CHECK(h.bind_channel(0x4001, kPeer));  // same pair: a refresh
    CHECK_FALSE(h.bind_channel(0x3FFF, kPeer));
    CHECK(h.last_error() == 400);
    // Keep the allocation alive while the channel expires.
    h.clock.advance_seconds(500);
    h.send(h.request(Method::Refresh, [](MessageBuilder& b) { b.add(Lifetime{3600}); }));
    h.clock.advance_seconds(200);  // channel expired at 600 s
    h.core->sweep();
    CHECK_FALSE(h.bind_channel(0x4001, addr("198.51.100.30", 1)));
    h.clock.advance_seconds(301);
    h.core->sweep();
    CHECK(h.bind_channel(0x4001, addr("198.51.100.30", 1)));
}

TEST_CASE("ChannelBind installs the peer's permission") {
    Harness h;
    REQUIRE(h.allocate());
    REQUIRE(h.bind_channel(0x4003, kPeer));
    h.transport.sent.clear();
    h.send(send_indication(h, kPeer, "via permission"));
    CHECK(h.transport.sent.size() == 1);
}

TEST_CASE("permissions expire after 300 s unless refreshed") {
    Harness h;
    REQUIRE(h.allocate());
    REQUIRE(h.permit(kPeer));
    h.clock.advance_seconds(301);
    h.core->sweep();
    h.transport.sent.clear();
    h.send(send_indication(h, kPeer, "late"));
    CHECK(h.transport.sent.empty());
}

TEST_CASE("refused peers get 403, a peer of the other family 443, and nothing is installed") {
    HarnessOptions o;
    o.allow_loopback = false;
    Harness h(o);
    REQUIRE(h.allocate());
    for (const char* ip : {"127.0.0.1", "0.0.0.0", "10.0.0.1", "169.254.169.254", "224.0.0.1", "255.255.255.255"}) {
        INFO(ip);
        CHECK_FALSE(h.permit(addr(ip, 1)));
        CHECK(h.last_error() == 403);
    }
    CHECK_FALSE(h.permit(addr("2001:db8::1", 1)));
    CHECK(h.last_error() == 443);
    // One bad peer among good ones fails the whole request (RFC 8656 §9.2).
    h.send(h.request(Method::CreatePermission, [](MessageBuilder& b) {
        b.add(XorPeerAddress{kPeer}).add(XorPeerAddress{addr("127.0.0.1", 1)});
    }));
    CHECK(h.last_error() == 403);
    h.transport.sent.clear();
    h.send(send_indication(h, kPeer, "x"));
    CHECK(h.transport.sent.empty());
}

TEST_CASE("another user cannot act on an allocation: 441 (RFC 8656 §5)") {
    Harness h;
    REQUIRE(h.allocate());
    h.user = "bob";
    h.password = "builder";
    CHECK_FALSE(h.permit(kPeer));
    CHECK(h.last_error() == 441);
    h.user = kUser;
    h.password = kPassword;
    CHECK(h.permit(kPeer));
}

TEST_CASE("max-bps drops what exceeds a second's worth of bytes per direction, then refills") {
    HarnessOptions o;
    o.max_bps = 1000;
    Harness h(o);
    REQUIRE(h.allocate());
    REQUIRE(h.bind_channel(0x4001, kPeer));
    std::vector<std::uint8_t> cd = {0x40, 0x01, 0x01, 0x90};  // 400 bytes of payload
    cd.resize(4 + 400, 'x');
    h.transport.sent.clear();
    for (int i = 0; i < 3; ++i) h.send(cd);
    CHECK(h.transport.sent.size() == 2);  // 800 of 1000 bytes; the third would exceed
    h.clock.advance_seconds(1);
    h.transport.sent.clear();
    h.send(cd);
    CHECK(h.transport.sent.size() == 1);
    CHECK(h.transport.owners[0]->traffic.dropped_over_bandwidth == 1);
}
