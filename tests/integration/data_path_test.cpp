// Data through the relay (RFC 8656 §11, §12) between the test client and a
// plain UDP peer on loopback (allowed here with allow-loopback-peers).
#include <catch2/catch.hpp>

#include "fixtures.hpp"

using namespace turn;
using namespace turn::itest;
using namespace turn::proto;

namespace {

ServerConfig loopback_peers() {
    auto lines = long_term_auth_lines();
    lines.push_back("allow-loopback-peers");
    return {lines};
}

constexpr std::uint16_t kChannel = 0x4001;

}  // namespace

TEST_CASE("through a permission, a Send indication reaches the peer and the peer's answer comes back as a Data indication") {
    ServerProcess server(loopback_peers());
    TurnClient client = client_of(server);
    const TransportAddress relayed = require_allocation(client);
    UdpEndpoint peer;
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

TEST_CASE("through a channel, ChannelData flows both ways") {
    ServerProcess server(loopback_peers());
    TurnClient client = client_of(server);
    const TransportAddress relayed = require_allocation(client);
    UdpEndpoint peer;
    const auto bound = client.channel_bind(kChannel, peer.address());
    REQUIRE(bound);
    REQUIRE(bound->is_success());

    client.send_channel_data(kChannel, as_bytes("over the channel"));
    const auto at_peer = peer.receive(kAnswerTimeout);
    REQUIRE(at_peer);
    CHECK(as_text(at_peer->bytes) == "over the channel");
    CHECK(at_peer->from == relayed);

    // RFC 8656 §12.7: a bound peer's datagrams reach the client as ChannelData.
    peer.send_to(relayed, as_bytes("and back"));
    const auto at_client = client.receive_relayed();
    REQUIRE(at_client);
    CHECK(at_client->channel == kChannel);
    CHECK(as_text(at_client->payload) == "and back");
}

TEST_CASE("without a permission, neither Send indications nor peer datagrams get through") {
    ServerProcess server(loopback_peers());
    TurnClient client = client_of(server);
    const TransportAddress relayed = require_allocation(client);
    UdpEndpoint peer;

    client.send_indication(peer.address(), as_bytes("no permission"));
    CHECK_FALSE(peer.receive(kSilenceTimeout));
    peer.send_to(relayed, as_bytes("no permission either"));  // RFC 8656 §10.3
    CHECK_FALSE(client.receive_relayed(kSilenceTimeout));
}
