// Redirection with ALTERNATE-SERVER (RFC 8489 §10) and aux-server listeners,
// coturn's options, against the real server.
#include <catch2/catch.hpp>

#include "child_process.hpp"
#include "fixtures.hpp"
#include "stream_client.hpp"

using namespace turn;
using namespace turn::itest;
using namespace turn::proto;

namespace {

std::vector<TransportAddress> alternates_of(const StunReply& reply) {
    std::vector<TransportAddress> out;
    reply.message().for_each<AlternateServer>([&](auto a) {
        if (a) out.push_back(a->address);
    });
    return out;
}

// The stop summary of the only worker: "worker 0 stopped: N allocations created".
bool created_allocations(ServerProcess& server, int n) {
    server.stop();
    return server.log().find("worker 0 stopped: " + std::to_string(n) + " allocations created") != std::string::npos;
}

}  // namespace

TEST_CASE("an Allocate gets 300 naming the alternate servers in round-robin order, signed") {
    const auto a = ip_port("127.0.0.1", 40001);
    const auto b = ip_port("127.0.0.1", 40002);
    const auto v6 = ip_port("::1", 40003);
    ServerProcess server(auth_with({"alternate-server=" + a.to_string(), "alternate-server=" + b.to_string(),
                                    "alternate-server=" + v6.to_string()}));
    REQUIRE(server.log_shows("Allocate requests redirected (300) round-robin to 3 servers", kAnswerTimeout));
    // RFC 8489 §10: one of the client's family, then one of the other family.
    const std::vector<std::vector<TransportAddress>> expected = {{a, v6}, {b, v6}, {a, v6}};
    for (const auto& want : expected) {
        TurnClient client = client_of(server);
        const auto reply = client.allocate();
        REQUIRE(reply);
        CHECK(reply->error_code() == 300);
        CHECK(reply->integrity == IntegrityStatus::Valid);
        CHECK(alternates_of(*reply) == want);
    }
    CHECK(created_allocations(server, 0));
}

TEST_CASE("without authentication the 300 comes at once, unsigned, and Binding is never redirected") {
    ServerProcess server({{"no-auth", "alternate-server=127.0.0.1:40005"}});
    TurnClient client(server.address());
    const auto reply = client.allocate();
    REQUIRE(reply);
    CHECK(reply->error_code() == 300);
    CHECK_FALSE(reply->message().has(AttrType::MessageIntegrity));
    CHECK(alternates_of(*reply) == std::vector<TransportAddress>{ip_port("127.0.0.1", 40005)});
    const auto binding = client.request_once(Method::Binding);
    REQUIRE(binding);
    CHECK(binding->is_success());
}

TEST_CASE("TLS clients get tls-alternate-server, plain TCP clients alternate-server") {
    const TestCertificate cert = make_test_certificate("turn-itest", 1);
    ServerProcess server(tls_server(cert, {"alternate-server=127.0.0.1:40006", "tls-alternate-server=127.0.0.1:40007"}));
    TurnClient tls = tls_client_of(server);
    const auto over_tls = tls.allocate();
    REQUIRE(over_tls);
    CHECK(alternates_of(*over_tls) == std::vector<TransportAddress>{ip_port("127.0.0.1", 40007)});
    TurnClient tcp = tcp_client_of(server);
    const auto over_tcp = tcp.allocate();
    REQUIRE(over_tcp);
    CHECK(alternates_of(*over_tcp) == std::vector<TransportAddress>{ip_port("127.0.0.1", 40006)});
}

TEST_CASE("an alternate-server list naming the server itself redirects nobody (no loop), as coturn") {
    const std::uint16_t alt = free_udp_port();
    const std::string self = "127.0.0.1:" + std::to_string(alt);  // its own alt-listening-port
    ServerProcess server(auth_with({"alt-listening-port=" + std::to_string(alt), "alternate-server=" + self,
                                    "alternate-server=127.0.0.1:40008"}));
    REQUIRE(server.log_shows("alternate-server " + self + " is this server", kAnswerTimeout));
    TurnClient client = client_of(server);
    require_allocation(client);
}

TEST_CASE("aux-server: Binding is answered over UDP and TCP on the extra endpoint") {
    const std::uint16_t aux_port = free_udp_port();
    const auto aux = ip_port("127.0.0.1", aux_port);
    ServerProcess server({{"aux-server=" + aux.to_string()}});
    REQUIRE(server.log_shows("listening on " + aux.to_string() + " (aux-server TCP)", kAnswerTimeout));
    TurnClient udp(aux);
    const auto over_udp = udp.request_once(Method::Binding);
    REQUIRE(over_udp);
    CHECK(over_udp->get<XorMappedAddress>()->address == udp.local_address());
    TurnClient tcp(std::make_unique<StreamClientTransport>(std::make_unique<TcpStream>(aux, TcpOptions{})));
    const auto over_tcp = tcp.request_once(Method::Binding);
    REQUIRE(over_tcp);
    CHECK(over_tcp->is_success());
}

TEST_CASE("a bad alternate-server or aux-server value stops the start, naming file and line") {
    for (const std::string bad : {"alternate-server=192.0.2.1:http", "aux-server=127.0.0.1", "tls-alternate-server=[::1"}) {
        auto lines = base_lines(ip_port("127.0.0.1", free_udp_port()), relay_port_range(4), 1);
        lines.push_back(bad);
        const auto config = write_config(lines);
        const ToolRun run = run_tool({kServerBinary, "-c", config.string()}, 10s);
        INFO(run.output);
        CHECK_FALSE(run.timed_out);
        CHECK(run.status.exited);
        CHECK(run.status.code != 0);
        const std::string where = config.string() + ":" + std::to_string(lines.size()) + ": error: ";
        CHECK(run.output.find(where + bad.substr(0, bad.find('='))) != std::string::npos);
    }
}
