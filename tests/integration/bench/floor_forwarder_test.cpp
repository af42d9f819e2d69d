// turn_floor, the benchmark's floor (bench/forwarder/), as a real process on
// loopback: the setup exchange, forwarding in both directions with each
// flow's own relay socket, what it drops, bad input on the wire and on the
// command line, and a clean stop.
#include <catch2/catch.hpp>

#include <string>

#include "child_process.hpp"
#include "floor_process.hpp"
#include "server_process.hpp"
#include "udp_endpoint.hpp"

using namespace turn;
using namespace turn::itest;

namespace {

constexpr auto kWait = 2s;
// How long a datagram that must not arrive is waited for.
constexpr auto kQuiet = 300ms;

std::string hello_for(const UdpEndpoint& peer) { return "FLOOR-HELLO " + peer.address().to_string(); }

// The floor's answer to `request` sent from `client`.
std::string ask(const UdpEndpoint& client, const FloorProcess& floor, const std::string& request) {
    client.send_to(floor.address(), as_bytes(request));
    const auto reply = client.receive(kWait);
    REQUIRE(reply);
    CHECK(reply->from == floor.address());
    return std::string(as_text(reply->bytes));
}

// A flow from `client` to `peer`; returns its relay address.
proto::TransportAddress open_flow(const UdpEndpoint& client, const FloorProcess& floor, const UdpEndpoint& peer) {
    const std::string reply = ask(client, floor, hello_for(peer));
    INFO(reply);
    REQUIRE(reply.starts_with("FLOOR-RELAY 127.0.0.1:"));
    const int port = std::stoi(reply.substr(reply.rfind(':') + 1));
    return ip_port("127.0.0.1", static_cast<std::uint16_t>(port));
}

Bytes datagram(std::size_t size, std::size_t seq) {
    Bytes d(size, static_cast<std::uint8_t>('a' + seq % 26));
    d[0] = static_cast<std::uint8_t>(seq);
    return d;
}

}  // namespace

TEST_CASE("a HELLO gets a relay address from the port range, and the same HELLO again gets the same address") {
    FloorProcess floor(4);
    UdpEndpoint client, peer;
    const auto relay = open_flow(client, floor, peer);
    CHECK(relay.port >= floor.relay_ports().min);
    CHECK(relay.port <= floor.relay_ports().max);
    CHECK(open_flow(client, floor, peer) == relay);

    UdpEndpoint other_client;
    CHECK(open_flow(other_client, floor, peer) != relay);  // one relay socket per flow
}

TEST_CASE("client to peer: every datagram reaches the flow's peer from the flow's relay address, whole and in order") {
    FloorProcess floor;
    UdpEndpoint client, peer;
    const auto relay = open_flow(client, floor, peer);
    // Equal sizes (one GSO run), then other sizes (messages of their own).
    std::vector<Bytes> sent;
    for (std::size_t i = 0; i < 40; ++i) sent.push_back(datagram(160, i));
    for (std::size_t size : {1u, 700u, 1400u, 160u}) sent.push_back(datagram(size, sent.size()));
    for (const auto& d : sent) client.send_to(floor.address(), d);
    for (const auto& d : sent) {
        const auto got = peer.receive(kWait);
        REQUIRE(got);
        CHECK(got->from == relay);
        CHECK(got->bytes == d);
    }
}

TEST_CASE("peer to client: datagrams sent to a flow's relay address reach its client from the floor's address") {
    FloorProcess floor;
    UdpEndpoint client_a, client_b, peer;
    const auto relay_a = open_flow(client_a, floor, peer);
    const auto relay_b = open_flow(client_b, floor, peer);
    std::vector<Bytes> to_a, to_b;
    for (std::size_t i = 0; i < 20; ++i) {
        to_a.push_back(datagram(200, i));
        to_b.push_back(datagram(i % 2 ? 90 : 300, i));
        peer.send_to(relay_a, to_a.back());
        peer.send_to(relay_b, to_b.back());
    }
    for (auto [client, expected] : {std::pair{&client_a, &to_a}, std::pair{&client_b, &to_b}}) {
        for (const auto& d : *expected) {
            const auto got = client->receive(kWait);
            REQUIRE(got);
            CHECK(got->from == floor.address());
            CHECK(got->bytes == d);
        }
    }
}

TEST_CASE("on a relay address, datagrams from anyone but the flow's peer are dropped") {
    FloorProcess floor;
    UdpEndpoint client, peer, stranger;
    const auto relay = open_flow(client, floor, peer);
    stranger.send_to(relay, datagram(100, 1));
    CHECK_FALSE(client.receive(kQuiet));
    peer.send_to(relay, datagram(100, 2));
    const auto got = client.receive(kWait);
    REQUIRE(got);
    CHECK(got->bytes == datagram(100, 2));
}

TEST_CASE("a datagram from an unknown source that is not a HELLO is dropped without an answer") {
    FloorProcess floor;
    UdpEndpoint client, peer, stranger;
    open_flow(client, floor, peer);
    stranger.send_to(floor.address(), datagram(100, 1));
    CHECK_FALSE(stranger.receive(kQuiet));
    CHECK_FALSE(peer.receive(kQuiet));
}

TEST_CASE("a malformed HELLO is answered with FLOOR-ERROR naming the expected form, and makes no flow") {
    FloorProcess floor;
    UdpEndpoint client;
    for (const std::string bad : {"FLOOR-HELLO ", "FLOOR-HELLO 127.0.0.1", "FLOOR-HELLO 127.0.0.1:0",
                                  "FLOOR-HELLO [::1]:4000", "FLOOR-HELLO 127.0.0.1:4000 and more"}) {
        INFO(bad);
        const std::string reply = ask(client, floor, bad);
        CHECK(reply.starts_with("FLOOR-ERROR malformed HELLO"));
        CHECK(reply.find("FLOOR-HELLO a.b.c.d:port") != std::string::npos);
    }
    // Still no flow: payload from this client goes nowhere and is not answered.
    client.send_to(floor.address(), datagram(50, 1));
    CHECK_FALSE(client.receive(kQuiet));
}

TEST_CASE("a full flow table: the next HELLO is answered with FLOOR-ERROR, the flows there keep working") {
    FloorProcess floor(8, {"--max-flows", "2"});
    UdpEndpoint c1, c2, c3, peer;
    const auto relay1 = open_flow(c1, floor, peer);
    open_flow(c2, floor, peer);
    CHECK(ask(c3, floor, hello_for(peer)) == "FLOOR-ERROR flow table full (2 flows)");
    c1.send_to(floor.address(), datagram(64, 7));
    const auto got = peer.receive(kWait);
    REQUIRE(got);
    CHECK(got->from == relay1);
}

TEST_CASE("no free port left in the relay range: the HELLO is answered with FLOOR-ERROR saying so") {
    FloorProcess floor(1);
    UdpEndpoint c1, c2, peer;
    open_flow(c1, floor, peer);
    const std::string reply = ask(c2, floor, hello_for(peer));
    CHECK(reply.starts_with("FLOOR-ERROR no relay port free"));
}

TEST_CASE("SIGTERM: turn_floor exits 0 and prints its counters") {
    FloorProcess floor;
    UdpEndpoint client, peer;
    open_flow(client, floor, peer);
    client.send_to(floor.address(), datagram(100, 1));
    REQUIRE(peer.receive(kWait));
    const auto status = floor.stop();
    CHECK(status.clean());
    const std::string log = floor.log();
    INFO(log);
    CHECK(log.find("turn_floor: 1 flows; client->peer 1 in, 1 sent") != std::string::npos);
    CHECK_FALSE(has_sanitizer_report(log));
}

TEST_CASE("bad command lines: exit 2 with a message naming the problem") {
    const std::string listen = "127.0.0.1:" + std::to_string(free_udp_port());
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
        {{"--no-such-option"}, "unknown option --no-such-option"},
        {{}, "--listen is required"},
        {{"--listen", "localhost:80"}, "bad value for --listen: localhost:80"},
        {{"--listen", "127.0.0.1:0"}, "bad value for --listen: 127.0.0.1:0"},
        {{"--listen", listen, "--relay-ip", "::1"}, "bad value for --relay-ip: ::1"},
        {{"--listen", listen, "--min-port", "11000"}, "--min-port and --max-port go together"},
        {{"--listen", listen, "--min-port", "12000", "--max-port", "11000"}, "--min-port and --max-port go together"},
        {{"--listen", listen, "--min-port", "1", "--max-port", "70000"}, "bad value for --max-port: 70000"},
        {{"--listen", listen, "--max-flows", "0"}, "--max-flows must be 1..60000"},
        {{"--listen", listen, "--max-flows", "many"}, "bad value for --max-flows: many"},
        {{"--listen"}, "--listen needs a value"},
    };
    for (const auto& [args, message] : cases) {
        std::vector<std::string> argv{kFloorBinary};
        argv.insert(argv.end(), args.begin(), args.end());
        const auto run = run_tool(argv, 10s);
        INFO(run.output);
        CHECK_FALSE(run.timed_out);
        CHECK(run.status.exited);
        CHECK(run.status.code == 2);
        CHECK(run.output.find(message) != std::string::npos);
    }
}

TEST_CASE("a listening port held by another socket: exit 1 with a message naming the address") {
    UdpEndpoint squatter;
    const auto run = run_tool({kFloorBinary, "--listen", squatter.address().to_string()}, 10s);
    INFO(run.output);
    CHECK(run.status.exited);
    CHECK(run.status.code == 1);
    CHECK(run.output.find("cannot bind " + squatter.address().to_string()) != std::string::npos);
}
