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

void require_lossless_run(const ServerProcess& server, std::vector<std::string> options, Peer with = Peer::Echo) {
    itest::require_lossless_run(server.address().port, std::move(options), with);
}

// Two relay threads, so uclient's clients spread over SO_REUSEPORT listeners.
ServerConfig uclient_server(std::uint16_t relay_ports = 16) {
    auto config = auth_with({"allow-loopback-peers"}, relay_ports);
    config.relay_threads = 2;
    return config;
}

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

TEST_CASE("turnutils_uclient -m 20 runs 20 clients at once with no loss", "[coturn]") {
    ServerProcess server(uclient_server(48));
    require_lossless_run(server, user_options({"-m", "20"}));
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
