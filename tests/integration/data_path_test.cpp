// Data through the relay (RFC 8656 §11, §12) between the test client and a
// plain UDP peer on loopback (allowed here with allow-loopback-peers).
#include <catch2/catch.hpp>

#include "fixtures.hpp"
#include "round_trips.hpp"

using namespace turn;
using namespace turn::itest;
using namespace turn::proto;

namespace {

ServerConfig loopback_peers() { return auth_with({"allow-loopback-peers"}); }

constexpr std::uint16_t kChannel = 0x4001;

// A server that allows loopback peers, a client with an allocation, and a peer.
struct ClientAndPeer {
    ServerProcess server{loopback_peers()};
    TurnClient client = client_of(server);
    TransportAddress relayed = require_allocation(client);
    UdpEndpoint peer;
};

}  // namespace

TEST_CASE_METHOD(ClientAndPeer, "through a permission, a Send indication reaches the peer and the peer's answer comes back as a Data indication") {
    require_indication_round_trip(client, peer, relayed);
}

TEST_CASE_METHOD(ClientAndPeer, "through a channel, ChannelData flows both ways") {
    require_channel_round_trip(client, peer, relayed, kChannel);
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
