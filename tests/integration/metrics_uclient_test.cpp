// The metrics endpoint while coturn's turnutils_uclient, a client nobody here
// wrote, relays through the server: its messages show in coturn's traffic
// counters.
#include <catch2/catch.hpp>

#include "fixtures.hpp"
#include "ops_probe.hpp"
#include "uclient.hpp"

using namespace turn;
using namespace turn::itest;

TEST_CASE("turnutils_uclient's relayed messages show in the traffic counters", "[coturn]") {
    const auto metrics = ip_port("127.0.0.1", free_udp_port());
    auto lines = prometheus_lines(metrics.port);
    lines.push_back("allow-loopback-peers");
    ServerConfig config = auth_with(lines);
    config.relay_threads = 2;
    ServerProcess server(config);
    // Two clients of 20 messages of 100 bytes each, through channels to an echo peer.
    require_lossless_run(server.address().port, {"-u", kUser, "-w", kPassword, "-m", "2"});
    const auto at_least = [&](std::string_view series, std::uint64_t n) {
        return eventually_metric(metrics, "/metrics", series, [n](std::uint64_t v) { return v >= n; });
    };
    CHECK(at_least("turn_total_traffic_rcvp", 40));
    CHECK(at_least("turn_total_traffic_rcvb", 4000));
    CHECK(at_least("turn_total_traffic_peer_sentp", 40));
    CHECK(at_least("turn_total_traffic_peer_rcvp", 40));
    CHECK(at_least("turn_total_traffic_sentb", 4000));
    CHECK(at_least("turn_allocations_created_total", 2));
}
