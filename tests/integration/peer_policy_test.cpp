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

// The addresses coturn's loopback bypasses used (CVE-2020-26262: 0.0.0.0,
// [::], [::1]; CVE-2026-27624 and CVE-2026-53450: IPv4-mapped forms), the
// cloud metadata address, link-local at both ends of fe80::/10, multicast,
// and IPv6 forms that NAT64 or 6to4 would deliver to IPv4 loopback; the
// other IPv4 classes are in the test above.
TEST_CASE("on an IPv6 relay, unspecified, loopback, mapped, link-local, multicast and translated peers get 403") {
    if (skip_without_ipv6()) return;
    ServerProcess server(auth_with({kRelayIpv6}));
    TurnClient client = client_of(server);
    require_allocation(client, AddressFamily::IPv6);
    for (const char* peer : {"::", "::1", "::ffff:127.0.0.1", "::ffff:0.0.0.0", "::ffff:169.254.169.254",
                             "fe80::1", "febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "ff02::1", "ff0e::1",
                             "64:ff9b::7f00:1", "2002:7f00:1::1"}) {
        INFO("peer " << peer);
        CHECK(create_permission_code(client, peer) == code(StunError::Forbidden));
    }
    CHECK(create_permission_code(client, "2001:db8::1") == 200);  // the neighbours of those blocks are fine
}

TEST_CASE("with allow-loopback-peers, the IPv4 unspecified and multicast blocks and the metadata address still get 403") {
    ServerProcess server(auth_with({"allow-loopback-peers"}));
    TurnClient client = client_of(server);
    require_allocation(client);
    for (const char* peer : {"0.0.0.0", "0.1.2.3", "169.254.169.254", "239.255.255.250"}) {
        INFO("peer " << peer);
        CHECK(create_permission_code(client, peer) == code(StunError::Forbidden));
    }
}

TEST_CASE("the server's own listening ports get 403 even with allow-loopback-peers, but its relay ports do not") {
    const std::uint16_t tls_port = free_udp_port();
    ServerProcess server(auth_with({"allow-loopback-peers", "tls-listening-port=" + std::to_string(tls_port)}));
    TurnClient client = client_of(server);
    require_allocation(client);
    const std::uint16_t listening = server.address().port;
    for (const std::uint16_t port : {listening, tls_port}) {
        INFO("port " << port);
        CHECK(client.create_permission(ip_port("127.0.0.1", port))->error_code() == code(StunError::Forbidden));
        CHECK(client.channel_bind(0x4001, ip_port("127.0.0.1", port))->error_code() == code(StunError::Forbidden));
        CHECK(client.create_permission(ip_port("127.0.0.1", 9))->is_success());
    }
    // Two clients of one server reach each other through their relayed
    // addresses: relay ports are not the server's own listeners.
    TurnClient other = client_of(server);
    const auto other_relayed = require_allocation(other);
    CHECK(client.channel_bind(0x4002, other_relayed)->is_success());
}

TEST_CASE("the server's own listening port on ::1 gets 403, and so does its IPv4-mapped form") {
    if (skip_without_ipv6()) return;
    ServerProcess server(auth_with({"allow-loopback-peers", kListenIpv6, kRelayIpv6}));
    TurnClient client = client_of(server);
    require_allocation(client, AddressFamily::IPv6);
    const std::uint16_t listening = server.address().port;
    CHECK(create_permission_code(client, "::1") == 200);  // port 9: not ours
    CHECK(client.create_permission(ip_port("::1", listening))->error_code() == code(StunError::Forbidden));
    CHECK(client.create_permission(ip_port("::ffff:127.0.0.1", listening))->error_code() ==
          code(StunError::Forbidden));
}

// coturn's CVE-2026-73213: ranges compared piecewise let addresses inside a
// range whose bounds are not prefix-aligned through. This is 2001:db8::/35.
TEST_CASE("a denied-peer-ip IPv6 range with bounds inside a 16-bit group is refused exactly, neighbours allowed") {
    if (skip_without_ipv6()) return;
    ServerProcess server(
        auth_with({kRelayIpv6, "denied-peer-ip=2001:db8::-2001:db8:1fff:ffff:ffff:ffff:ffff:ffff"}));
    TurnClient client = client_of(server);
    require_allocation(client, AddressFamily::IPv6);
    for (const char* peer : {"2001:db8::", "2001:db8:1000::1", "2001:db8:1fff:ffff:ffff:ffff:ffff:ffff",
                             "2001:db8:ff:ffff::1"}) {
        INFO("peer " << peer);
        CHECK(create_permission_code(client, peer) == code(StunError::Forbidden));
    }
    for (const char* peer : {"2001:db8:2000::", "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff", "2001:db8:2000::1"}) {
        INFO("peer " << peer);
        CHECK(create_permission_code(client, peer) == 200);
    }
}
