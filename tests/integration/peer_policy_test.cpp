// Which peers the relay refuses (RFC 8656 §21.1 and the DESIGN.md safe
// defaults): CreatePermission for them gets 403 Forbidden.
#include <catch2/catch.hpp>

#include "fixtures.hpp"

using namespace turn;
using namespace turn::itest;
using namespace turn::proto;

namespace {

int create_permission_code(TurnClient& client, std::string_view peer_ip) {
    const auto reply = client.create_permission(ip_port(peer_ip, 9));
    REQUIRE(reply);
    return reply->is_success() ? 200 : reply->error_code();
}

}  // namespace

TEST_CASE("without allow-loopback-peers, a loopback peer gets 403") {
    ServerProcess server(auth_with({}));
    TurnClient client = client_of(server);
    require_allocation(client);
    CHECK(create_permission_code(client, "127.0.0.1") == code(StunError::Forbidden));
    CHECK(create_permission_code(client, "127.1.2.3") == code(StunError::Forbidden));
}

TEST_CASE("without allow-loopback-peers, an IPv4-mapped loopback peer on an IPv6 relay gets 403") {
    if (skip_without_ipv6()) return;
    ServerProcess server(auth_with({kRelayIpv6}));
    TurnClient client = client_of(server);
    require_allocation(client, AddressFamily::IPv6);
    CHECK(create_permission_code(client, "::ffff:127.0.0.1") == code(StunError::Forbidden));
    CHECK(create_permission_code(client, "::1") == code(StunError::Forbidden));
}

TEST_CASE("an IPv6 peer on an IPv4 relay, even a mapped loopback one, gets 443") {
    ServerProcess server(auth_with({}));
    TurnClient client = client_of(server);
    require_allocation(client);
    // RFC 8656 §9.2: the family check comes first; either way nothing is relayed.
    CHECK(create_permission_code(client, "::ffff:127.0.0.1") == code(StunError::PeerAddressFamilyMismatch));
}

TEST_CASE("unspecified, link-local, private, multicast and broadcast peers get 403 even with allow-loopback-peers") {
    ServerProcess server(auth_with({"allow-loopback-peers"}));
    TurnClient client = client_of(server);
    require_allocation(client);
    for (const char* peer : {"0.0.0.0", "169.254.169.254", "10.1.2.3", "172.16.0.1", "192.168.1.1", "100.64.0.1",
                             "224.0.0.1", "255.255.255.255"}) {
        INFO("peer " << peer);
        CHECK(create_permission_code(client, peer) == code(StunError::Forbidden));
    }
}

TEST_CASE("a denied-peer-ip range gets 403 and addresses next to it are allowed") {
    ServerProcess server(auth_with({"denied-peer-ip=198.51.100.0-198.51.100.255"}));
    TurnClient client = client_of(server);
    require_allocation(client);
    CHECK(create_permission_code(client, "198.51.100.7") == code(StunError::Forbidden));
    CHECK(create_permission_code(client, "198.51.101.7") == 200);
}

TEST_CASE("with allow-loopback-peers, a loopback peer is allowed") {
    ServerProcess server(auth_with({"allow-loopback-peers"}));
    TurnClient client = client_of(server);
    require_allocation(client);
    CHECK(create_permission_code(client, "127.0.0.1") == 200);
}

TEST_CASE("a ChannelBind to a refused peer gets 403 as well") {
    ServerProcess server(auth_with({}));
    TurnClient client = client_of(server);
    require_allocation(client);
    const auto reply = client.channel_bind(0x4003, ip_port("10.1.2.3", 5000));
    REQUIRE(reply);
    CHECK(reply->error_code() == code(StunError::Forbidden));
}
