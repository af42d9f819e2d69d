// coturn's turnutils_natdiscovery (Debian's coturn package) against the real
// server doing RFC 5780 on 127.0.0.1 and 127.0.0.2. On loopback there is no
// NAT: it must find endpoint-independent mapping and filtering, with answers
// from the addresses RFC 5780 Table 1 names.
#include <catch2/catch.hpp>

#include "nat_discovery_fixtures.hpp"

using namespace turn;
using namespace turn::itest;

namespace {

ToolRun coturn_natdiscovery(const DiscoveryServer& d, std::vector<std::string> options) {
    ToolRun run = run_discovery_tool(TURNUTILS_NATDISCOVERY, d, std::move(options));
    INFO(run.output);
    CHECK(run.status.describe() == "exit code 0");
    return run;
}

}  // namespace

TEST_CASE("coturn's turnutils_natdiscovery finds endpoint-independent mapping and filtering", "[coturn]") {
    DiscoveryServer d;
    const ToolRun run = coturn_natdiscovery(d, {"-m", "-f"});
    INFO(run.output);
    // Mapping test II goes to the other address: answered from there.
    CHECK(output_has(run.output, "Other addr: : " + d.a2p2().to_string()));
    CHECK(output_has(run.output, "Response origin: : " + d.a2p1().to_string()));
    CHECK(output_has(run.output, "NAT with Endpoint Independent Mapping!"));
    // Filtering test II asks for a change of address and port.
    CHECK(output_has(run.output, "Response origin: : " + d.a2p2().to_string()));
    CHECK(output_has(run.output, "NAT with Endpoint Independent Filtering!"));
    CHECK(output_has(run.output, "No ALG: Mapped == XOR-Mapped"));
}

TEST_CASE("coturn's turnutils_natdiscovery with 1500 bytes of PADDING gets the same results", "[coturn]") {
    DiscoveryServer d;
    const ToolRun run = coturn_natdiscovery(d, {"-m", "-f", "-P"});
    INFO(run.output);
    CHECK(output_has(run.output, "NAT with Endpoint Independent Mapping!"));
    CHECK(output_has(run.output, "NAT with Endpoint Independent Filtering!"));
}
