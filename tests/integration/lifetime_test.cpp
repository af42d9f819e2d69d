// Lifetimes (RFC 8656 §7.3 Refresh, §9 permissions, §12 channels), with the
// server's limits set to seconds so expiry happens within the test. The
// server sweeps once a second, so each wait is the lifetime plus ~1.2 s.
#include <catch2/catch.hpp>

#include <thread>

#include "fixtures.hpp"

using namespace turn;
using namespace turn::itest;
using namespace turn::proto;

namespace {

constexpr std::uint16_t kChannel = 0x4002;

}  // namespace

TEST_CASE("after max-allocate-lifetime the allocation is gone: Refresh gets 437 and the relay port is reusable") {
    ServerProcess server(auth_with({"max-allocate-lifetime=2"}, 1));
    TurnClient first = client_of(server);
    const auto reply = first.allocate();
    REQUIRE(reply);
    REQUIRE(reply->is_success());
    CHECK(reply->get<Lifetime>()->value == 2);  // min(default 600, maximum 2), RFC 8656 §7.2
    const auto port = relayed_address(*reply)->port;

    std::this_thread::sleep_for(3200ms);
    const auto refresh = first.refresh(600);
    REQUIRE(refresh);
    CHECK(refresh->error_code() == code(StunError::AllocationMismatch));
    TurnClient second = client_of(server);  // the only relay port is free again
    CHECK(require_allocation(second).port == port);
}

TEST_CASE("a Refresh with LIFETIME 0 deletes the allocation and the next Refresh gets 437") {
    ServerProcess server(auth_with({}));
    TurnClient client = client_of(server);
    require_allocation(client);
    const auto deleted = client.refresh(0);
    REQUIRE(deleted);
    REQUIRE(deleted->is_success());
    CHECK(deleted->get<Lifetime>()->value == 0);
    const auto after = client.refresh(600);
    REQUIRE(after);
    CHECK(after->error_code() == code(StunError::AllocationMismatch));
}

TEST_CASE("after permission-lifetime a peer's datagrams no longer reach the client") {
    ServerProcess server(auth_with({"allow-loopback-peers", "permission-lifetime=1"}));
    TurnClient client = client_of(server);
    const TransportAddress relayed = require_allocation(client);
    UdpEndpoint peer;
    REQUIRE(client.create_permission(peer.address())->is_success());
    peer.send_to(relayed, as_bytes("while permitted"));
    REQUIRE(client.receive_relayed());

    std::this_thread::sleep_for(2200ms);
    peer.send_to(relayed, as_bytes("after expiry"));
    CHECK_FALSE(client.receive_relayed(kSilenceTimeout));
}

TEST_CASE("after channel-lifetime the channel is unbound: the peer's data comes as a Data indication") {
    ServerProcess server(auth_with({"allow-loopback-peers", "channel-lifetime=1"}));
    TurnClient client = client_of(server);
    const TransportAddress relayed = require_allocation(client);
    UdpEndpoint peer;
    REQUIRE(client.channel_bind(kChannel, peer.address())->is_success());

    std::this_thread::sleep_for(2200ms);
    // RFC 8656 §12.6: ChannelData on an unbound channel is discarded.
    client.send_channel_data(kChannel, as_bytes("stale channel"));
    CHECK_FALSE(peer.receive(kSilenceTimeout));
    // The permission the binding installed (300 s) still stands (§12.2).
    peer.send_to(relayed, as_bytes("still permitted"));
    const auto at_client = client.receive_relayed();
    REQUIRE(at_client);
    CHECK(at_client->channel == 0);
    CHECK(as_text(at_client->payload) == "still permitted");
}
