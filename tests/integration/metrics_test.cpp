// The Prometheus endpoint of the real server: counters that move while a
// relay runs, allocation gauges that go up and down, the health check, and
// bad or slow HTTP clients.
#include <catch2/catch.hpp>

#include <thread>

#include "byte_stream.hpp"
#include "fixtures.hpp"
#include "ops_probe.hpp"
#include "round_trips.hpp"

using namespace turn;
using namespace turn::itest;

namespace {

// A server with metrics on a port of its own and loopback peers allowed.
struct MetricsServer {
    explicit MetricsServer(std::vector<std::string> extra = {}) : server(config(extra)) {}

    ServerConfig config(const std::vector<std::string>& extra) {
        auto lines = prometheus_lines(port.port);
        lines.push_back("allow-loopback-peers");
        lines.insert(lines.end(), extra.begin(), extra.end());
        ServerConfig c = auth_with(lines);
        c.relay_threads = 2;
        return c;
    }

    proto::TransportAddress port = ip_port("127.0.0.1", free_udp_port());
    ServerProcess server;
};

constexpr const char* kUdpAllocations = "turn_total_allocations{type=\"UDP\"}";

bool at_least(const MetricsServer& m, std::string_view series, std::uint64_t n) {
    return eventually_metric(m.port, "/metrics", series, [n](std::uint64_t v) { return v >= n; });
}

bool exactly(const MetricsServer& m, std::string_view series, std::uint64_t n) {
    return eventually_metric(m.port, "/metrics", series, [n](std::uint64_t v) { return v == n; });
}

}  // namespace

TEST_CASE("GET / answers 200 ok as a health check, and /metrics the Prometheus text") {
    MetricsServer m;
    const auto health = http_get(m.port, "/");
    CHECK(health.status == 200);
    CHECK(health.body == "ok\n");
    CHECK(health.closed);
    const auto metrics = http_get(m.port, "/metrics");
    CHECK(metrics.status == 200);
    CHECK_THAT(metrics.head, Catch::Contains("Content-Type: text/plain; version=0.0.4"));
    CHECK_THAT(metrics.body, Catch::Contains("# TYPE turn_total_traffic_rcvp counter"));
    CHECK(metric(metrics.body, kUdpAllocations) == 0u);
    CHECK(metric(metrics.body, "turn_relay_ports_free{relay_ip=\"127.0.0.1\"}") == 16u);
}

TEST_CASE("while a relay runs, packet and byte counters move and the allocation gauges go up, then down") {
    MetricsServer m;
    TurnClient client = client_of(m.server);
    const auto relayed = require_allocation(client);
    UdpEndpoint peer;
    CHECK(at_least(m, kUdpAllocations, 1));
    CHECK(at_least(m, "turn_relay_ports_free{relay_ip=\"127.0.0.1\"}", 0));
    require_indication_round_trip(client, peer, relayed);  // "hello peer" out, "hello client" back
    // Counted while the allocation lives: rcv from the client, sent to it.
    CHECK(at_least(m, "turn_total_traffic_rcvp", 1));
    CHECK(at_least(m, "turn_total_traffic_rcvb", 10));
    CHECK(at_least(m, "turn_total_traffic_sentp", 1));
    CHECK(at_least(m, "turn_traffic_sentb{realm=\"itest.example\"}", 12));
    CHECK(at_least(m, "turn_total_traffic_peer_rcvb", 12));
    const auto scrape = http_get(m.port, "/metrics").body;
    CHECK(metric(scrape, "turn_relay_ports_free{relay_ip=\"127.0.0.1\"}") == 15u);
    std::uint64_t permissions = 0;
    for (const char* t : {"0", "1"})
        permissions += metric(scrape, std::string("turn_permissions_active{thread=\"") + t + "\"}").value_or(0);
    CHECK(permissions == 1);
    REQUIRE(client.refresh(0)->is_success());
    CHECK(exactly(m, kUdpAllocations, 0));
    const auto after = http_get(m.port, "/metrics").body;
    CHECK(metric(after, "turn_total_traffic_rcvb") == 10u);  // the freed allocation's traffic stays counted
    CHECK(metric(after, "turn_allocations_created_total") == 1u);
    CHECK(metric(after, "turn_relay_ports_free{relay_ip=\"127.0.0.1\"}") == 16u);
}

TEST_CASE("STUN Binding requests are counted") {
    MetricsServer m;
    UdpEndpoint probe;
    for (int i = 0; i < 3; ++i) {
        probe.send_to(m.server.address(), binding_request());
        REQUIRE(probe.receive(kAnswerTimeout));
    }
    // The server's own readiness probes count too.
    CHECK(at_least(m, "stun_binding_request", 4));
    CHECK(at_least(m, "stun_binding_response", 4));
}

TEST_CASE("with prometheus-username-labels, traffic is labelled by user") {
    MetricsServer m({"prometheus-username-labels"});
    TurnClient client = client_of(m.server);
    const auto relayed = require_allocation(client);
    UdpEndpoint peer;
    require_indication_round_trip(client, peer, relayed);
    CHECK(at_least(m, "turn_traffic_rcvb{realm=\"itest.example\",user=\"alice\"}", 10));
}

TEST_CASE("bad HTTP requests get 400, 404, 405, 431 or 505, and the connection closes") {
    MetricsServer m;
    struct Case {
        std::string request;
        int status;
    };
    const std::vector<Case> cases = {
        {"GET /nope HTTP/1.1\r\nHost: x\r\n\r\n", 404},
        {"POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi", 405},
        {"DELETE / HTTP/1.1\r\nHost: x\r\n\r\n", 405},
        {"hello\r\n\r\n", 400},
        {"GET /metrics HTTP/1.1\r\n\r\n", 400},  // HTTP/1.1 without Host
        {"GET /metrics HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n", 400},
        {"GET /metrics HTTP/2.0\r\nHost: x\r\n\r\n", 505},
        {std::string("GET /\x01 HTTP/1.1\r\nHost: x\r\n\r\n"), 400},
        {"GET / HTTP/1.1\r\nHost: x\r\nX: " + std::string(9000, 'a') + "\r\n\r\n", 431},
    };
    for (const auto& c : cases) {
        INFO(c.request.substr(0, 60));
        const auto reply = http_exchange(m.port, c.request);
        CHECK(reply.status == c.status);
        CHECK(reply.closed);
    }
    // Still serving.
    CHECK(http_get(m.port, "/metrics").status == 200);
}

TEST_CASE("a client that never finishes its request is closed, and scrapes go on meanwhile") {
    MetricsServer m;
    TcpStream slow(m.port);
    REQUIRE(slow.write(as_bytes("GET /metr")));
    // The metrics thread is not held up by it.
    CHECK(http_get(m.port, "/metrics").status == 200);
    // The request deadline (10 s) ends it with 408.
    Bytes in;
    ReadStatus st = ReadStatus::Timeout;
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (st != ReadStatus::Closed && std::chrono::steady_clock::now() < deadline) st = slow.read(in, 1s);
    CHECK(st == ReadStatus::Closed);
    CHECK(as_text(in).starts_with("HTTP/1.1 408"));
}

TEST_CASE("connections beyond the limit are closed at once, and the endpoint serves again when they go") {
    MetricsServer m;
    std::vector<std::unique_ptr<TcpStream>> idle;
    for (int i = 0; i < 40; ++i) idle.push_back(std::make_unique<TcpStream>(m.port));
    // The 33rd and later are closed without a word.
    CHECK(closed_within(*idle.back(), 5s));
    idle.clear();
    bool served = false;
    for (int i = 0; i < 50 && !served; ++i) {
        served = http_get(m.port, "/metrics").status == 200;
        if (!served) std::this_thread::sleep_for(100ms);
    }
    CHECK(served);
}
