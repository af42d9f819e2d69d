// ICMP errors through the real server on loopback (RFC 8656 §11.5): the
// relay sends to a peer port where nothing listens, the kernel answers with
// ICMP port unreachable, and the client hears of it in a Data indication
// with XOR-PEER-ADDRESS and an ICMP attribute (§18.13) instead of DATA.
#include <catch2/catch.hpp>

#include <chrono>

#include "fixtures.hpp"
#include "ports.hpp"
#include "round_trips.hpp"

using namespace turn;
using namespace turn::itest;
using namespace turn::proto;

namespace {

struct IcmpReport {
    TransportAddress peer;
    Icmp icmp;
    bool has_data = false;
};

// The next Data indication with an ICMP attribute; other datagrams are skipped.
std::optional<IcmpReport> receive_icmp(TurnClient& client) {
    const auto deadline = std::chrono::steady_clock::now() + kAnswerTimeout;
    while (std::chrono::steady_clock::now() < deadline) {
        const auto d = client.receive_raw(std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now()));
        if (!d) break;
        const auto m = StunMessage::decode(*d);
        if (!m || m->type() != MessageType{Method::Data, MessageClass::Indication}) continue;
        const auto peer = m->get<XorPeerAddress>();
        const auto icmp = m->get<Icmp>();
        if (peer && icmp) return IcmpReport{peer->address, *icmp, m->has(AttrType::Data)};
    }
    return std::nullopt;
}

// A client with a permission for a port where nothing listens, on `ip`,
// sends there; returns what the client hears back.
std::optional<IcmpReport> send_to_closed_port(TurnClient& client, std::string_view ip) {
    const TransportAddress closed = ip_port(ip, free_udp_port());
    const auto permitted = client.create_permission(closed);
    REQUIRE(permitted);
    REQUIRE(permitted->is_success());
    client.send_indication(closed, as_bytes("anyone there?"));
    auto report = receive_icmp(client);
    if (report) CHECK(report->peer == closed);
    return report;
}

}  // namespace

TEST_CASE("a datagram to an IPv4 port where nothing listens comes back as a Data indication with ICMP type 3 code 3") {
    ServerProcess server(auth_with({"allow-loopback-peers"}));
    TurnClient client = client_of(server);
    const TransportAddress relayed = require_allocation(client);
    const auto report = send_to_closed_port(client, "127.0.0.1");
    REQUIRE(report);
    CHECK(report->icmp == Icmp{3, 3, 0});  // destination unreachable, port unreachable
    CHECK_FALSE(report->has_data);
    // The error was read off the relay socket: the same allocation relays
    // on, both ways, and another error is reported the same way.
    UdpEndpoint peer;
    require_indication_round_trip(client, peer, relayed);
    const auto again = send_to_closed_port(client, "127.0.0.1");
    REQUIRE(again);
    CHECK(again->icmp == Icmp{3, 3, 0});
}

TEST_CASE("through a channel too, an unreachable peer port is reported with ICMP") {
    ServerProcess server(auth_with({"allow-loopback-peers"}));
    TurnClient client = client_of(server);
    require_allocation(client);
    const TransportAddress closed = ip_port("127.0.0.1", free_udp_port());
    REQUIRE(client.channel_bind(0x4002, closed)->is_success());
    client.send_channel_data(0x4002, as_bytes("anyone there?"));
    const auto report = receive_icmp(client);
    REQUIRE(report);
    CHECK(report->peer == closed);
    CHECK(report->icmp == Icmp{3, 3, 0});
}

TEST_CASE("a datagram to an IPv6 port where nothing listens comes back with ICMPv6 type 1 code 4") {
    if (skip_without_ipv6()) return;
    ServerProcess server(auth_with({"allow-loopback-peers", kListenIpv6, kRelayIpv6}));
    TurnClient client = ipv6_client_of(server);
    require_allocation(client, AddressFamily::IPv6);
    const auto report = send_to_closed_port(client, "::1");
    REQUIRE(report);
    CHECK(report->icmp == Icmp{1, 4, 0});  // destination unreachable, port unreachable
    CHECK_FALSE(report->has_data);
}
