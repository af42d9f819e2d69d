// Clients nobody here wrote (DESIGN.md "How it is tested"): coturn's
// turnutils_uclient and turnutils_stunclient from Debian's coturn package,
// with turnutils_peer as the echo peer. Never /usr/bin/turnserver: the
// server under test is always the one built here.
#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>

#include "fixtures.hpp"
#include "scratch.hpp"
#include "test_certificate.hpp"
#include "uclient.hpp"

using namespace turn;
using namespace turn::itest;

namespace {

// Found by CMake in /usr/bin only (tests/integration/CMakeLists.txt).
constexpr const char* kStunclient = TURNUTILS_STUNCLIENT;
constexpr const char* kRestSecret = "itest-uclient-secret";

void require_lossless_run(const ServerProcess& server, std::vector<std::string> options, Peer with = Peer::Echo,
                          const Loopbacks& at = {}) {
    itest::require_lossless_run(server.address().port, std::move(options), with, at);
}

// Two relay threads, so uclient's clients spread over SO_REUSEPORT listeners.
ServerConfig uclient_server(std::uint16_t relay_ports = 16) {
    auto config = auth_with({"allow-loopback-peers"}, relay_ports);
    config.relay_threads = 2;
    return config;
}

// The same, listening and relaying on ::1 as well.
ServerConfig dual_stack_uclient_server() {
    auto config = uclient_server(32);
    config.lines.insert(config.lines.end(), {kListenIpv6, kRelayIpv6});
    return config;
}

// uclient reaches the server on 127.0.0.1 and relays to an echo peer on ::1.
Loopbacks ipv6_peer() { return {"127.0.0.1", "::1"}; }

const std::vector<std::string> kUserOptions = {"-u", kUser, "-w", kPassword};

std::vector<std::string> user_options(std::vector<std::string> more) {
    more.insert(more.begin(), kUserOptions.begin(), kUserOptions.end());
    return more;
}

}  // namespace

TEST_CASE("turnutils_stunclient gets its reflexive address from the server", "[coturn]") {
    ServerProcess server({});
    const ToolRun run =
        run_tool({kStunclient, "-p", std::to_string(server.address().port), "127.0.0.1"}, kToolTimeout);
    INFO(run.output);
    REQUIRE_FALSE(run.timed_out);
    CHECK(run.status.clean());
    CHECK(std::regex_search(run.output, std::regex(R"(UDP reflexive addr: 127\.0\.0\.1:\d+)")));
}

TEST_CASE("turnutils_uclient relays through channels with no loss", "[coturn]") {
    ServerProcess server(uclient_server());
    require_lossless_run(server, user_options({"-m", "4"}));
}

TEST_CASE("turnutils_uclient -s relays through Send and Data indications with no loss", "[coturn]") {
    ServerProcess server(uclient_server());
    require_lossless_run(server, user_options({"-s", "-m", "4"}));
}

TEST_CASE("turnutils_uclient -y relays between its own clients with no loss", "[coturn]") {
    ServerProcess server(uclient_server());
    require_lossless_run(server, user_options({"-y", "-m", "4"}), Peer::None);
}

TEST_CASE("turnutils_uclient -W authenticates with TURN REST credentials from the shared secret", "[coturn]") {
    ServerProcess server({{"use-auth-secret", std::string("static-auth-secret=") + kRestSecret,
                           std::string("realm=") + kRealm, "allow-loopback-peers"}, 16, 2});
    require_lossless_run(server, {"-W", kRestSecret, "-u", "bob", "-m", "4"});
}

namespace {

// What a stopped server's workers created, from their stop lines
// ("worker N stopped: M allocations created").
long allocations_created(ServerProcess& server) {
    server.stop();
    const std::string log = server.log();
    const std::regex stopped(R"(worker \d+ stopped: (\d+) allocations created)");
    long total = 0;
    for (auto it = std::sregex_iterator(log.begin(), log.end(), stopped); it != std::sregex_iterator(); ++it)
        total += std::stol((*it)[1]);
    return total;
}

}  // namespace

TEST_CASE("turnutils_uclient follows 300 (Try Alternate) to the alternate server and relays there", "[coturn]") {
    ServerProcess target(uclient_server());
    auto front_config = uclient_server();
    front_config.lines.push_back("alternate-server=" + target.address().to_string());
    ServerProcess front(front_config);
    // uclient's first Allocate goes to the front, which redirects it; its
    // clients then allocate at the alternate (coturn's startuclient.c).
    require_lossless_run(front, user_options({"-m", "2"}));
    CHECK(allocations_created(front) == 0);
    CHECK(allocations_created(target) >= 2);
}

TEST_CASE("turnutils_uclient -m 20 runs 20 clients at once with no loss", "[coturn]") {
    ServerProcess server(uclient_server(48));
    require_lossless_run(server, user_options({"-m", "20"}));
}

TEST_CASE("turnutils_uclient -x relays through IPv6 relayed addresses to an IPv6 peer with no loss", "[coturn]") {
    if (skip_without_ipv6()) return;
    ServerProcess server(dual_stack_uclient_server());
    // -x asks for REQUESTED-ADDRESS-FAMILY IPv6; without -c each client also
    // redeems an EVEN-PORT reservation on the IPv6 relay IP for its RTCP.
    require_lossless_run(server, user_options({"-x", "-m", "4"}), Peer::Echo, ipv6_peer());
}

TEST_CASE("turnutils_uclient -x over IPv6 to the server's ::1 listener relays with no loss", "[coturn]") {
    if (skip_without_ipv6()) return;
    ServerProcess server(dual_stack_uclient_server());
    require_lossless_run(server, user_options({"-x", "-s", "-m", "4"}), Peer::Echo, {"::1", "::1"});
}

TEST_CASE("turnutils_uclient -Z makes dual allocations and relays through either half with no loss", "[coturn]") {
    if (skip_without_ipv6()) return;
    ServerProcess server(dual_stack_uclient_server());
    // RFC 8656 §7.2 ADDITIONAL-ADDRESS-FAMILY; uclient uses the IPv4 half,
    // with -x the IPv6 half, and its Refreshes name either family at random.
    require_lossless_run(server, user_options({"-Z", "-m", "4"}));
    require_lossless_run(server, user_options({"-Z", "-x", "-m", "4"}), Peer::Echo, ipv6_peer());
}

// Over TCP and TLS (RFC 8656 §3.1): the same runs with uclient's -t, the
// server telling TLS from plain TCP by the first byte on the one port. Over
// TLS uclient drops frames that share a TLS record (uclient.hpp), so that
// run counts them as returned. (-t -S -y is left out: uclient loses packets
// that way against coturn's own server too.)
TEST_CASE("turnutils_uclient -t relays over TCP through channels with no loss", "[coturn][stream]") {
    ServerProcess server(uclient_server());
    require_lossless_run(server, user_options({"-t", "-m", "4"}));
}

TEST_CASE("turnutils_uclient -t -s relays over TCP through Send and Data indications with no loss", "[coturn][stream]") {
    ServerProcess server(uclient_server());
    require_lossless_run(server, user_options({"-t", "-s", "-m", "4"}));
}

TEST_CASE("turnutils_uclient -t -S relays over TLS with no loss", "[coturn][stream][tls]") {
    const TestCertificate cert = make_test_certificate("turn-itest", 1);
    ServerConfig config = uclient_server();
    for (auto& line : certificate_lines(cert)) config.lines.push_back(line);
    ServerProcess server(config);
    require_lossless_tls_run(server.address().port, user_options({"-t", "-S", "-m", "4"}));
}

TEST_CASE("turnutils_uclient -t -y relays between its own clients over TCP with no loss", "[coturn][stream]") {
    ServerProcess server(uclient_server());
    require_lossless_run(server, user_options({"-t", "-y", "-m", "4"}), Peer::None);
}
