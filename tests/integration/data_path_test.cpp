// Data through the relay (RFC 8656 §11, §12) between the test client and a
// plain UDP peer on loopback (allowed here with allow-loopback-peers).
#include <catch2/catch.hpp>

#include "fixtures.hpp"

using namespace turn;
using namespace turn::itest;
using namespace turn::proto;

namespace {

ServerConfig loopback_peers() { return auth_with({"allow-loopback-peers"}); }

constexpr std::uint16_t kChannel = 0x4001;

// Binds kChannel to the peer, then ChannelData goes out and comes back
// (RFC 8656 §12.6, §12.7), each leg checked for payload and source.
void require_channel_round_trip(TurnClient& client, const UdpEndpoint& peer, const TransportAddress& relayed) {
    const auto bound = client.channel_bind(kChannel, peer.address());
    REQUIRE(bound);
    REQUIRE(bound->is_success());

    client.send_channel_data(kChannel, as_bytes("over the channel"));
    const auto at_peer = peer.receive(kAnswerTimeout);
    REQUIRE(at_peer);
    CHECK(as_text(at_peer->bytes) == "over the channel");
    CHECK(at_peer->from == relayed);

    peer.send_to(relayed, as_bytes("and back"));
    const auto at_client = client.receive_relayed();
    REQUIRE(at_client);
    CHECK(at_client->channel == kChannel);
    CHECK(as_text(at_client->payload) == "and back");
}

// A server that allows loopback peers, a client with an allocation, and a peer.
struct ClientAndPeer {
    ServerProcess server{loopback_peers()};
    TurnClient client = client_of(server);
    TransportAddress relayed = require_allocation(client);
    UdpEndpoint peer;
};

}  // namespace

TEST_CASE_METHOD(ClientAndPeer, "through a permission, a Send indication reaches the peer and the peer's answer comes back as a Data indication") {
    REQUIRE(client.create_permission(peer.address())->is_success());

    client.send_indication(peer.address(), as_bytes("hello peer"));
    const auto at_peer = peer.receive(kAnswerTimeout);
    REQUIRE(at_peer);
    CHECK(as_text(at_peer->bytes) == "hello peer");
    CHECK(at_peer->from == relayed);  // RFC 8656 §11.2: sent from the relayed address

    peer.send_to(relayed, as_bytes("hello client"));
    const auto at_client = client.receive_relayed();
    REQUIRE(at_client);
    CHECK(at_client->channel == 0);
    CHECK(at_client->peer == peer.address());  // XOR-PEER-ADDRESS (§11.4)
    CHECK(as_text(at_client->payload) == "hello client");
}

TEST_CASE_METHOD(ClientAndPeer, "through a channel, ChannelData flows both ways") {
    require_channel_round_trip(client, peer, relayed);
}

TEST_CASE_METHOD(ClientAndPeer, "without a permission, neither Send indications nor peer datagrams get through") {
    client.send_indication(peer.address(), as_bytes("no permission"));
    CHECK_FALSE(peer.receive(kSilenceTimeout));
    peer.send_to(relayed, as_bytes("no permission either"));  // RFC 8656 §10.3
    CHECK_FALSE(client.receive_relayed(kSilenceTimeout));
}

TEST_CASE_METHOD(ClientAndPeer, "a permission is for the peer's IP address: any port of it gets through") {
    REQUIRE(client.create_permission(peer.address())->is_success());
    UdpEndpoint same_ip_other_port;
    // RFC 8656 §9: the port of XOR-PEER-ADDRESS is ignored for permissions.
    same_ip_other_port.send_to(relayed, as_bytes("other port"));
    const auto at_client = client.receive_relayed();
    REQUIRE(at_client);
    CHECK(at_client->peer == same_ip_other_port.address());
    CHECK(as_text(at_client->payload) == "other port");
}

TEST_CASE_METHOD(ClientAndPeer, "a CreatePermission with one refused peer fails whole: no permission is installed") {
    const auto reply = client.request(Method::CreatePermission, [&](MessageBuilder& b) {
        b.add(XorPeerAddress{peer.address()}).add(XorPeerAddress{ip_port("10.1.2.3", 9)});
    });
    REQUIRE(reply);
    CHECK(reply->error_code() == code(StunError::Forbidden));
    peer.send_to(relayed, as_bytes("not permitted"));
    CHECK_FALSE(client.receive_relayed(kSilenceTimeout));
}

TEST_CASE_METHOD(ClientAndPeer, "a channel bound to one peer cannot be rebound to another, nor the peer to another channel") {
    REQUIRE(client.channel_bind(kChannel, peer.address())->is_success());
    REQUIRE(client.channel_bind(kChannel, peer.address())->is_success());  // a refresh (RFC 8656 §12.2)
    UdpEndpoint other_peer;
    // §12.2: both conflicts are 400 Bad Request.
    CHECK(client.channel_bind(kChannel, other_peer.address())->error_code() == code(StunError::BadRequest));
    CHECK(client.channel_bind(kChannel + 1, peer.address())->error_code() == code(StunError::BadRequest));
}

TEST_CASE_METHOD(ClientAndPeer, "payloads of every padding remainder and of a full-size datagram arrive intact both ways") {
    REQUIRE(client.create_permission(peer.address())->is_success());
    for (const std::size_t size : {0, 1, 2, 3, 5, 1200, 8000}) {
        INFO("payload of " << size << " bytes");
        Bytes payload(size);
        for (std::size_t i = 0; i < size; ++i) payload[i] = static_cast<std::uint8_t>(i * 7 + size);
        client.send_indication(peer.address(), payload);
        const auto at_peer = peer.receive(kAnswerTimeout);
        REQUIRE(at_peer);
        CHECK(at_peer->bytes == payload);
        // RFC 8656 §11.4: the Data indication pads DATA to 4 bytes; the
        // padding is not payload.
        peer.send_to(relayed, payload);
        const auto at_client = client.receive_relayed();
        REQUIRE(at_client);
        CHECK(at_client->payload == payload);
    }
}

TEST_CASE("over an IPv6 relay, data flows both ways with an IPv6 peer") {
    auto config = loopback_peers();
    config.lines.push_back("relay-ip=::1");
    ServerProcess server(config);
    TurnClient client = client_of(server);
    const TransportAddress relayed = require_allocation(client, AddressFamily::IPv6);
    CHECK(relayed.ip_string() == "::1");
    UdpEndpoint peer("::1");
    require_channel_round_trip(client, peer, relayed);
}
