#include "round_trips.hpp"

#include <catch2/catch.hpp>

namespace turn::itest {
namespace {

// What the client sent arrives at the peer, from the relayed address
// (RFC 8656 §11.2, §12.6).
void require_at_peer(const UdpEndpoint& peer, std::string_view payload, const proto::TransportAddress& relayed) {
    const auto at_peer = peer.receive(kAnswerTimeout);
    REQUIRE(at_peer);
    CHECK(as_text(at_peer->bytes) == payload);
    CHECK(at_peer->from == relayed);
}

// The peer answers to the relayed address, and the client gets it.
TurnClient::Relayed require_back_at_client(TurnClient& client, const UdpEndpoint& peer,
                                           const proto::TransportAddress& relayed, std::string_view payload) {
    peer.send_to(relayed, as_bytes(payload));
    const auto at_client = client.receive_relayed();
    REQUIRE(at_client);
    CHECK(as_text(at_client->payload) == payload);
    return *at_client;
}

}  // namespace

void require_indication_round_trip(TurnClient& client, const UdpEndpoint& peer,
                                   const proto::TransportAddress& relayed) {
    const auto permitted = client.create_permission(peer.address());
    REQUIRE(permitted);
    REQUIRE(permitted->is_success());
    client.send_indication(peer.address(), as_bytes("hello peer"));
    require_at_peer(peer, "hello peer", relayed);
    const auto back = require_back_at_client(client, peer, relayed, "hello client");
    CHECK(back.channel == 0);
    CHECK(back.peer == peer.address());  // XOR-PEER-ADDRESS (§11.4)
}

void require_channel_round_trip(TurnClient& client, const UdpEndpoint& peer, const proto::TransportAddress& relayed,
                                std::uint16_t channel) {
    const auto bound = client.channel_bind(channel, peer.address());
    REQUIRE(bound);
    REQUIRE(bound->is_success());
    require_bound_channel_round_trip(client, peer, relayed, channel, "over the channel");
}

void require_bound_channel_round_trip(TurnClient& client, const UdpEndpoint& peer,
                                      const proto::TransportAddress& relayed, std::uint16_t channel,
                                      std::string_view payload) {
    client.send_channel_data(channel, as_bytes(payload));
    require_at_peer(peer, payload, relayed);
    CHECK(require_back_at_client(client, peer, relayed, payload).channel == channel);
}

}  // namespace turn::itest
