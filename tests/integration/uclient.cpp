#include "uclient.hpp"

#include <catch2/catch.hpp>

#include <regex>

#include "ports.hpp"
#include "scratch.hpp"

namespace turn::itest {
namespace {
// Found by CMake in /usr/bin only (tests/integration/CMakeLists.txt).
constexpr const char* kUclient = TURNUTILS_UCLIENT;
constexpr const char* kPeer = TURNUTILS_PEER;

std::vector<std::string> uclient_args(std::uint16_t port, const std::vector<std::string>& options) {
    std::vector<std::string> args = {kUclient, "-n", "20", "-l", "100", "-p", std::to_string(port)};
    args.insert(args.end(), options.begin(), options.end());
    return args;
}
}  // namespace

EchoPeer::EchoPeer(const std::string& ip)
    : port(free_udp_port()),
      process(ChildProcess::spawn({kPeer, "-L", ip, "-p", std::to_string(port)},
                                  new_scratch_file("turnutils_peer", ".log"))) {}

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

void require_lossless_run(std::uint16_t port, std::vector<std::string> options, Peer with, const Loopbacks& at) {
    std::optional<EchoPeer> peer;
    if (with == Peer::Echo) {
        peer.emplace(at.peer);
        options.insert(options.begin(), {"-e", at.peer, "-r", std::to_string(peer->port)});
    }
    auto args = uclient_args(port, options);
    args.push_back(at.server);
    const ToolRun run = run_tool(args, kToolTimeout);
    INFO(run.output);
    REQUIRE_FALSE(run.timed_out);
    CHECK(run.status.clean());
    const UclientTotals totals = parse_totals(run.output);
    CHECK(totals.no_loss);
    CHECK(totals.sent > 0);
    CHECK(totals.received == totals.sent);
}

void require_refused_run(std::uint16_t port, std::vector<std::string> options) {
    auto args = uclient_args(port, options);
    args.insert(args.end(), {"-y", "127.0.0.1"});
    const ToolRun run = run_tool(args, kToolTimeout);
    INFO(run.output);
    REQUIRE_FALSE(run.timed_out);
    const UclientTotals totals = parse_totals(run.output);
    CHECK((!run.status.clean() || totals.received <= 0));
    CHECK(run.output.find("Cannot complete Allocation") != std::string::npos);
}

}  // namespace turn::itest
