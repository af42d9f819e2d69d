// IPv6 against the real server on loopback (RFC 6156, RFC 8656 §7.2): a
// listener on ::1, relayed addresses on ::1, both families at once, relaying
// across families, and dual allocations (ADDITIONAL-ADDRESS-FAMILY). Every
// test passes with a warning where the machine has no ::1.
#include <catch2/catch.hpp>

#include "fixtures.hpp"
#include "round_trips.hpp"

using namespace turn;
using namespace turn::itest;
using namespace turn::proto;

namespace {

constexpr std::uint16_t kChannel = 0x4005;

// Listening and relaying on 127.0.0.1 and ::1, loopback peers allowed.
ServerConfig dual_stack(std::uint16_t relay_ports = 16) {
    return auth_with({"allow-loopback-peers", kListenIpv6, kRelayIpv6}, relay_ports);
}

void ipv6(MessageBuilder& b) { b.add(RequestedAddressFamily{AddressFamily::IPv6}); }
void additional_ipv6(MessageBuilder& b) { b.add(AdditionalAddressFamily{AddressFamily::IPv6}); }

void check_in_range(const TransportAddress& relayed, const ServerProcess& server) {
    CHECK(relayed.port >= server.relay_ports().min);
    CHECK(relayed.port <= server.relay_ports().max);
}

// A dual allocation: its two relayed addresses, IPv4 first, both checked.
std::vector<TransportAddress> require_dual_allocation(TurnClient& client, const ServerProcess& server) {
    const auto reply = client.allocate(additional_ipv6);
    REQUIRE(reply);
    INFO("error code " << reply->error_code());
    REQUIRE(reply->is_success());
    CHECK_FALSE(reply->get<AddressErrorCode>());
    const auto relayed = relayed_addresses(*reply);
    REQUIRE(relayed.size() == 2);
    CHECK(relayed[0].ip_string() == "127.0.0.1");
    CHECK(relayed[1].ip_string() == "::1");
    for (const auto& a : relayed) check_in_range(a, server);
    return relayed;
}

int error_of(const std::optional<StunReply>& reply) {
    REQUIRE(reply);
    return reply->error_code();
}

}  // namespace

TEST_CASE("a client on ::1 gets its IPv6 reflexive address and an IPv6 relayed address, and data flows with an IPv6 peer") {
    if (skip_without_ipv6()) return;
    ServerProcess server(dual_stack());
    TurnClient client = ipv6_client_of(server);
    const auto reply = client.allocate(ipv6);
    REQUIRE(reply);
    REQUIRE(reply->is_success());
    CHECK(reply->get<XorMappedAddress>()->address == client.local_address());  // [::1]:port
    const auto relayed = relayed_addresses(*reply);
    REQUIRE(relayed.size() == 1);
    CHECK(relayed[0].ip_string() == "::1");
    check_in_range(relayed[0], server);
    UdpEndpoint peer("::1");
    require_channel_round_trip(client, peer, relayed[0], kChannel);
}

TEST_CASE("relaying across families: a client on ::1 through an IPv4 relayed address, a client on 127.0.0.1 through an IPv6 one") {
    if (skip_without_ipv6()) return;
    ServerProcess server(dual_stack());
    TurnClient over_ipv6 = ipv6_client_of(server);
    const TransportAddress relayed4 = require_allocation(over_ipv6);  // RFC 8656 §7.2: IPv4 by default
    UdpEndpoint peer4("127.0.0.1");
    require_indication_round_trip(over_ipv6, peer4, relayed4);

    TurnClient over_ipv4 = client_of(server);
    const TransportAddress relayed6 = require_allocation(over_ipv4, AddressFamily::IPv6);
    UdpEndpoint peer6("::1");
    require_indication_round_trip(over_ipv4, peer6, relayed6);
}

TEST_CASE("REQUESTED-ADDRESS-FAMILY IPv6 without an IPv6 relay-ip gets 440") {
    ServerProcess server(auth_with({}));
    TurnClient client = client_of(server);
    CHECK(error_of(client.allocate(ipv6)) == code(StunError::AddressFamilyNotSupported));
    require_allocation(client);  // nothing was left behind on the 5-tuple
}

TEST_CASE("a dual allocation gets an IPv4 and an IPv6 relayed address and relays each peer through its own family") {
    if (skip_without_ipv6()) return;
    ServerProcess server(dual_stack());
    TurnClient client = client_of(server);
    const auto relayed = require_dual_allocation(client, server);
    UdpEndpoint peer4("127.0.0.1");
    UdpEndpoint peer6("::1");
    require_indication_round_trip(client, peer4, relayed[0]);
    require_indication_round_trip(client, peer6, relayed[1]);
    require_channel_round_trip(client, peer6, relayed[1], kChannel);
}

TEST_CASE("a dual allocation without an IPv6 relay-ip stands on IPv4 with ADDRESS-ERROR-CODE 440, and IPv6 peers then get 443") {
    ServerProcess server(auth_with({"allow-loopback-peers"}));
    TurnClient client = client_of(server);
    const auto reply = client.allocate(additional_ipv6);
    REQUIRE(reply);
    REQUIRE(reply->is_success());
    const auto relayed = relayed_addresses(*reply);
    REQUIRE(relayed.size() == 1);
    CHECK(relayed[0].ip_string() == "127.0.0.1");
    const auto error = reply->get<AddressErrorCode>();
    REQUIRE(error);
    CHECK(error->family == AddressFamily::IPv6);
    CHECK(error->code == code(StunError::AddressFamilyNotSupported));
    CHECK(error_of(client.create_permission(ip_port("::1", 9))) == code(StunError::PeerAddressFamilyMismatch));
    CHECK(error_of(client.request(Method::Refresh, ipv6)) == code(StunError::PeerAddressFamilyMismatch));
}

TEST_CASE("ADDITIONAL-ADDRESS-FAMILY IPv4, or with REQUESTED-ADDRESS-FAMILY, gets 400") {
    ServerProcess server(auth_with({kRelayIpv6}));
    TurnClient client = client_of(server);
    CHECK(error_of(client.allocate([](MessageBuilder& b) { b.add(AdditionalAddressFamily{AddressFamily::IPv4}); })) ==
          code(StunError::BadRequest));
    CHECK(error_of(client.allocate([](MessageBuilder& b) { additional_ipv6(b); ipv6(b); })) ==
          code(StunError::BadRequest));
}

TEST_CASE("an IPv6 allocation refuses IPv4 peers with 443, and a Refresh asking for IPv4 with 443") {
    if (skip_without_ipv6()) return;
    ServerProcess server(dual_stack());
    TurnClient client = client_of(server);
    require_allocation(client, AddressFamily::IPv6);
    CHECK(error_of(client.create_permission(ip_port("127.0.0.1", 9))) == code(StunError::PeerAddressFamilyMismatch));
    CHECK(error_of(client.channel_bind(kChannel, ip_port("127.0.0.1", 9))) ==
          code(StunError::PeerAddressFamilyMismatch));
    CHECK(error_of(client.request(Method::Refresh, [](MessageBuilder& b) {
              b.add(RequestedAddressFamily{AddressFamily::IPv4});
          })) == code(StunError::PeerAddressFamilyMismatch));
    const auto refreshed = client.request(Method::Refresh, ipv6);
    REQUIRE(refreshed);
    CHECK(refreshed->is_success());
}

TEST_CASE("deleting a dual allocation gives both relay ports back") {
    if (skip_without_ipv6()) return;
    ServerProcess server(dual_stack(1));  // one port per relay IP
    TurnClient first = client_of(server);
    const auto ports = require_dual_allocation(first, server);
    TurnClient second = client_of(server);
    CHECK(error_of(second.allocate(additional_ipv6)) == code(StunError::InsufficientCapacity));
    const auto deleted = first.refresh(0);
    REQUIRE(deleted);
    REQUIRE(deleted->is_success());
    CHECK(require_dual_allocation(second, server) == ports);
}
