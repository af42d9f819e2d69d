// Clients nobody here wrote (DESIGN.md "How it is tested"): coturn's
// turnutils_uclient and turnutils_stunclient from Debian's coturn package,
// with turnutils_peer as the echo peer. Never /usr/bin/turnserver: the
// server under test is always the one built here.
#include <catch2/catch.hpp>

#include <filesystem>
#include <regex>

#include "fixtures.hpp"
#include "scratch.hpp"

using namespace turn;
using namespace turn::itest;

namespace {

// Found by CMake in /usr/bin only (tests/integration/CMakeLists.txt).
constexpr const char* kUclient = TURNUTILS_UCLIENT;
constexpr const char* kStunclient = TURNUTILS_STUNCLIENT;
constexpr const char* kPeer = TURNUTILS_PEER;
// uclient paces itself: a run takes 5-8 s on loopback, also under ASan and
// with a benchmark running alongside; past this it is stuck.
constexpr auto kToolTimeout = 20s;
constexpr const char* kRestSecret = "itest-uclient-secret";

// turnutils_peer echoes every datagram back to its sender.
struct EchoPeer {
    std::uint16_t port = free_udp_port();
    ChildProcess process = ChildProcess::spawn(
        {kPeer, "-L", "127.0.0.1", "-p", std::to_string(port)}, new_scratch_file("turnutils_peer", ".log"));
};

// The summary uclient prints last: "tot_send_msgs=200, tot_recv_msgs=200"
// and "Total lost packets 0 (0.000000%)".
struct UclientTotals {
    long sent = -1;
    long received = -1;
    bool no_loss = false;
};

UclientTotals parse_totals(const std::string& out) {
    UclientTotals t;
    const std::regex totals(R"(start_mclient: tot_send_msgs=(\d+), tot_recv_msgs=(\d+))");
    for (auto it = std::sregex_iterator(out.begin(), out.end(), totals); it != std::sregex_iterator(); ++it) {
        t.sent = std::stol((*it)[1]);
        t.received = std::stol((*it)[2]);
    }
    t.no_loss = out.find("Total lost packets 0 ") != std::string::npos;
    return t;
}

enum class Peer { Echo, None };

// Runs uclient (20 messages of 100 bytes per client) against `server`, with
// the echo peer unless the clients talk to each other, and checks that every
// message came back.
void require_lossless_run(const ServerProcess& server, std::vector<std::string> options, Peer with = Peer::Echo) {
    std::optional<EchoPeer> peer;
    std::vector<std::string> args = {kUclient, "-n", "20", "-l", "100", "-p", std::to_string(server.address().port)};
    if (with == Peer::Echo) {
        peer.emplace();
        args.insert(args.end(), {"-e", "127.0.0.1", "-r", std::to_string(peer->port)});
    }
    args.insert(args.end(), options.begin(), options.end());
    args.push_back("127.0.0.1");
    const ToolRun run = run_tool(args, kToolTimeout);
    INFO(run.output);
    REQUIRE_FALSE(run.timed_out);
    CHECK(run.status.clean());
    const UclientTotals totals = parse_totals(run.output);
    CHECK(totals.no_loss);
    CHECK(totals.sent > 0);
    CHECK(totals.received == totals.sent);
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
