// What the metrics endpoint answers: the Prometheus text format, coturn's
// metric names summed over worker threads, our own per-thread gauges, and
// which request gets which status.
#include <catch2/catch.hpp>

#include <string>

#include "relay/port_pool.hpp"
#include "server/metrics.hpp"
#include "server/metrics_server.hpp"
#include "server/prometheus_text.hpp"

using namespace turn;
using namespace turn::server;

namespace {

// The counters of one worker, as a test sets them.
struct FakeWorker {
    relay::CoreCounters core;
    IoCounters io;
    StreamCounters streams;
    SpliceCounters splices;
    WorkerGauges gauges;
    UserTrafficBoard users;

    WorkerStats stats(std::size_t index, bool with_users = false) const {
        return {index, &core, &io, &streams, nullptr, &splices, &gauges, with_users ? &users : nullptr};
    }
};

bool has_line(const std::string& text, const std::string& line) {
    return text.find("\n" + line + "\n") != std::string::npos || text.starts_with(line + "\n");
}

http::Request request(const std::string& head) {
    auto r = http::parse_request(head, {});
    REQUIRE(r);
    return *r;
}

}  // namespace

TEST_CASE("the text format: HELP and TYPE once per family, escaped label values") {
    PrometheusText t;
    t.family("turn_x_total", MetricType::Counter, "Things");
    t.sample("turn_x_total", 3, {{"user", "a\"b\\c\nd"}});
    t.single("turn_y", MetricType::Gauge, "Level", 7);
    CHECK(t.text() ==
          "# HELP turn_x_total Things\n# TYPE turn_x_total counter\nturn_x_total{user=\"a\\\"b\\\\c\\nd\"} 3\n"
          "# HELP turn_y Level\n# TYPE turn_y gauge\nturn_y 7\n");
}

TEST_CASE("counters are summed over the threads under coturn's names, gauges have a thread label") {
    FakeWorker a;
    FakeWorker b;
    a.core.binding_requests += 2;
    b.core.binding_requests += 3;
    a.core.binding_responses += 2;
    b.core.binding_errors += 1;
    a.gauges.publish_traffic({10, 1000, 4, 400, 1});
    b.gauges.publish_traffic({5, 500, 1, 100, 0});
    a.gauges.allocations.set(2);
    b.gauges.allocations.set(1);
    a.gauges.allocations_by_transport[static_cast<std::size_t>(ClientTransport::Udp)].set(2);
    b.gauges.allocations_by_transport[static_cast<std::size_t>(ClientTransport::Tls)].set(1);
    a.core.dropped_no_permission += 4;
    b.io.send_drops += 6;
    relay::PortPool pool(50000, 50009);
    const std::string text = render_metrics({{a.stats(0), b.stats(1)}, {{"192.0.2.1", &pool}}, "example.org", false});

    CHECK(has_line(text, "stun_binding_request 5"));
    CHECK(has_line(text, "stun_binding_response 2"));
    CHECK(has_line(text, "stun_binding_error 1"));
    // rcv: from clients (relayed to peers); sent: to clients.
    CHECK(has_line(text, "turn_traffic_rcvp{realm=\"example.org\"} 15"));
    CHECK(has_line(text, "turn_traffic_rcvb{realm=\"example.org\"} 1500"));
    CHECK(has_line(text, "turn_traffic_sentp{realm=\"example.org\"} 5"));
    CHECK(has_line(text, "turn_traffic_peer_rcvb{realm=\"example.org\"} 500"));
    CHECK(has_line(text, "turn_traffic_peer_sentp{realm=\"example.org\"} 15"));
    CHECK(has_line(text, "turn_total_traffic_sentb 500"));
    CHECK(has_line(text, "turn_total_allocations{type=\"UDP\"} 2"));
    CHECK(has_line(text, "turn_total_allocations{type=\"TLS/TCP\"} 1"));
    CHECK(has_line(text, "turn_total_allocations{type=\"DTLS\"} 0"));
    CHECK(has_line(text, "turn_allocations_active{thread=\"0\"} 2"));
    CHECK(has_line(text, "turn_allocations_active{thread=\"1\"} 1"));
    CHECK(has_line(text, "turn_relay_ports_free{relay_ip=\"192.0.2.1\"} 10"));
    CHECK(has_line(text, "turn_dropped_total{reason=\"no_permission\"} 4"));
    CHECK(has_line(text, "turn_dropped_total{reason=\"over_bandwidth\"} 1"));
    CHECK(has_line(text, "turn_udp_send_drops_total 6"));
    // No DTLS on either thread: the DTLS counters read 0, not garbage.
    CHECK(has_line(text, "turn_dtls_sessions_total 0"));
    CHECK(text.find("user=") == std::string::npos);
}

TEST_CASE("with username labels, traffic families carry realm and user, summed over the threads") {
    FakeWorker a;
    FakeWorker b;
    a.users.publish({{"alice", {3, 300, 1, 100, 0}}});
    b.users.publish({{"alice", {1, 100, 0, 0, 0}}, {"bob", {2, 20, 0, 0, 0}}});
    const std::string text = render_metrics({{a.stats(0, true), b.stats(1, true)}, {}, "example.org", true});
    CHECK(has_line(text, "turn_traffic_rcvp{realm=\"example.org\",user=\"alice\"} 4"));
    CHECK(has_line(text, "turn_traffic_rcvb{realm=\"example.org\",user=\"bob\"} 20"));
    CHECK(text.find("turn_traffic_rcvp{realm=\"example.org\"} ") == std::string::npos);
}

TEST_CASE("GET on the metrics path answers 200 in the Prometheus content type, and / answers ok") {
    const auto render = [] { return std::string("m 1\n"); };
    const auto metrics = metrics_response(request("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n"), "/metrics", render);
    CHECK(metrics.status == 200);
    CHECK(metrics.body == "m 1\n");
    REQUIRE_FALSE(metrics.headers.empty());
    CHECK(metrics.headers[0].value.starts_with("text/plain; version=0.0.4"));
    // A query string does not change the path (Prometheus may add one).
    CHECK(metrics_response(request("GET /metrics?x=1 HTTP/1.1\r\nHost: x\r\n\r\n"), "/metrics", render).status == 200);
    const auto health = metrics_response(request("HEAD / HTTP/1.0\r\n\r\n"), "/metrics", render);
    CHECK(health.status == 200);
    CHECK(health.body == "ok\n");
}

TEST_CASE("other paths are 404, other methods 405 with Allow, and every answer closes") {
    const auto render = [] { return std::string(); };
    const auto missing = metrics_response(request("GET /metric HTTP/1.1\r\nHost: x\r\n\r\n"), "/metrics", render);
    CHECK(missing.status == 404);
    CHECK(missing.close);
    const auto post = metrics_response(request("POST /metrics HTTP/1.1\r\nHost: x\r\n\r\n"), "/metrics", render);
    CHECK(post.status == 405);
    CHECK(post.close);
    bool allow = false;
    for (const auto& h : post.headers) allow |= h.name == "Allow" && h.value == "GET, HEAD";
    CHECK(allow);
}
