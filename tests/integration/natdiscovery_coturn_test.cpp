// coturn's turnutils_natdiscovery (Debian's coturn package) against the real
// server doing RFC 5780 on 127.0.0.1 and 127.0.0.2. On loopback there is no
// NAT: it must find endpoint-independent mapping and filtering, with answers
// from the addresses RFC 5780 Table 1 names.
#include <catch2/catch.hpp>

#include "child_process.hpp"
#include "nat_discovery_fixtures.hpp"

using namespace turn;
using namespace turn::itest;

namespace {

constexpr auto kDiscoveryTimeout = std::chrono::seconds(30);

ToolRun coturn_natdiscovery(const DiscoveryServer& d, std::vector<std::string> options) {
    std::vector<std::string> args = {TURNUTILS_NATDISCOVERY};
    args.insert(args.end(), options.begin(), options.end());
    args.insert(args.end(), {"-p", std::to_string(d.a1p1().port), "127.0.0.1"});
    ToolRun run = run_tool(args, kDiscoveryTimeout);
    INFO(run.output);
    REQUIRE_FALSE(run.timed_out);
    CHECK(run.status.describe() == "exit code 0");
    return run;
}

bool has(const std::string& output, const std::string& text) { return output.find(text) != std::string::npos; }

}  // namespace

TEST_CASE("coturn's turnutils_natdiscovery finds endpoint-independent mapping and filtering", "[coturn]") {
    DiscoveryServer d;
    const ToolRun run = coturn_natdiscovery(d, {"-m", "-f"});
    INFO(run.output);
    // Mapping test II goes to the other address: answered from there.
    CHECK(has(run.output, "Other addr: : " + d.a2p2().to_string()));
    CHECK(has(run.output, "Response origin: : " + d.a2p1().to_string()));
    CHECK(has(run.output, "NAT with Endpoint Independent Mapping!"));
    // Filtering test II asks for a change of address and port.
    CHECK(has(run.output, "Response origin: : " + d.a2p2().to_string()));
    CHECK(has(run.output, "NAT with Endpoint Independent Filtering!"));
    CHECK(has(run.output, "No ALG: Mapped == XOR-Mapped"));
}

TEST_CASE("coturn's turnutils_natdiscovery with 1500 bytes of PADDING gets the same results", "[coturn]") {
    DiscoveryServer d;
    const ToolRun run = coturn_natdiscovery(d, {"-m", "-f", "-P"});
    INFO(run.output);
    CHECK(has(run.output, "NAT with Endpoint Independent Mapping!"));
    CHECK(has(run.output, "NAT with Endpoint Independent Filtering!"));
}
