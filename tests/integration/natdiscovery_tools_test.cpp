// The project's own turnutils_natdiscovery (tools/natdiscovery) against the
// real server doing RFC 5780 on 127.0.0.1 and 127.0.0.2 (coturn's tool:
// natdiscovery_coturn_test.cpp). On loopback there is no NAT: mapping and
// filtering come out endpoint-independent.
#include <catch2/catch.hpp>

#include "nat_discovery_fixtures.hpp"

using namespace turn;
using namespace turn::itest;

namespace {

bool has_line(const std::string& output, const std::string& line) { return output_has(output, line + "\n"); }

}  // namespace

TEST_CASE("our turnutils_natdiscovery finds no NAT and endpoint-independent filtering on loopback") {
    DiscoveryServer d;
    const ToolRun run = run_discovery_tool(TURNUTILS_NATDISCOVERY_OURS, d, {"-m", "-f"});
    INFO(run.output);
    CHECK(run.status.describe() == "exit code 0");
    CHECK(output_has(run.output, "OTHER-ADDRESS " + d.a2p2().to_string()));
    CHECK(output_has(run.output, "Filtering test II (change IP and port): response from " + d.a2p2().to_string()));
    CHECK(has_line(run.output, "NAT mapping behaviour: endpoint-independent (no NAT)"));
    CHECK(has_line(run.output, "NAT filtering behaviour: endpoint-independent"));
}

TEST_CASE("our turnutils_natdiscovery -P gets padded answers") {
    DiscoveryServer d;
    const ToolRun run = run_discovery_tool(TURNUTILS_NATDISCOVERY_OURS, d, {"-m", "-P"});
    INFO(run.output);
    CHECK(run.status.describe() == "exit code 0");
    CHECK(output_has(run.output, "PADDING 1500 bytes"));
}

TEST_CASE("our turnutils_natdiscovery says when the server does not do RFC 5780") {
    ServerProcess server({});
    const ToolRun run = run_tool(
        {TURNUTILS_NATDISCOVERY_OURS, "-f", "-p", std::to_string(server.address().port), "127.0.0.1"}, 30s);
    INFO(run.output);
    CHECK(run.status.describe() == "exit code 2");
    CHECK(output_has(run.output, "The server does not support RFC 5780: no OTHER-ADDRESS"));
}
