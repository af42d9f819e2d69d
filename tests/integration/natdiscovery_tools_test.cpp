// NAT discovery tools against the real server doing RFC 5780 on 127.0.0.1 and
// 127.0.0.2: the project's own turnutils_natdiscovery, and coturn's (Debian's
// coturn package), which nobody here wrote. On loopback there is no NAT:
// mapping and filtering come out endpoint-independent.
#include <catch2/catch.hpp>

#include "child_process.hpp"
#include "nat_discovery_fixtures.hpp"

using namespace turn;
using namespace turn::itest;

namespace {

// Four probes of at most a second each when nothing answers.
constexpr auto kDiscoveryTimeout = std::chrono::seconds(20);

ToolRun discover(const char* tool, const DiscoveryServer& d, std::vector<std::string> options) {
    std::vector<std::string> args = {tool};
    args.insert(args.end(), options.begin(), options.end());
    args.insert(args.end(), {"-p", std::to_string(d.a1p1().port), "127.0.0.1"});
    ToolRun run = run_tool(args, kDiscoveryTimeout);
    INFO(run.output);
    REQUIRE_FALSE(run.timed_out);
    return run;
}

bool has_line(const std::string& output, const std::string& line) {
    return output.find(line + "\n") != std::string::npos;
}

}  // namespace

TEST_CASE("our turnutils_natdiscovery finds no NAT and endpoint-independent filtering on loopback") {
    DiscoveryServer d;
    const ToolRun run = discover(TURNUTILS_NATDISCOVERY_OURS, d, {"-m", "-f"});
    INFO(run.output);
    CHECK(run.status.describe() == "exit code 0");
    CHECK(run.output.find("OTHER-ADDRESS " + d.a2p2().to_string()) != std::string::npos);
    CHECK(run.output.find("Filtering test II (change IP and port): response from " + d.a2p2().to_string()) !=
          std::string::npos);
    CHECK(has_line(run.output, "NAT mapping behaviour: endpoint-independent (no NAT)"));
    CHECK(has_line(run.output, "NAT filtering behaviour: endpoint-independent"));
}

TEST_CASE("our turnutils_natdiscovery -P gets padded answers") {
    DiscoveryServer d;
    const ToolRun run = discover(TURNUTILS_NATDISCOVERY_OURS, d, {"-m", "-P"});
    INFO(run.output);
    CHECK(run.status.describe() == "exit code 0");
    CHECK(run.output.find("PADDING 1500 bytes") != std::string::npos);
}

TEST_CASE("our turnutils_natdiscovery says when the server does not do RFC 5780") {
    ServerProcess server({});
    const ToolRun run = run_tool({TURNUTILS_NATDISCOVERY_OURS, "-f", "-p", std::to_string(server.address().port),
                                  "127.0.0.1"},
                                 kDiscoveryTimeout);
    INFO(run.output);
    CHECK(run.status.describe() == "exit code 2");
    CHECK(run.output.find("The server does not support RFC 5780: no OTHER-ADDRESS") != std::string::npos);
}
