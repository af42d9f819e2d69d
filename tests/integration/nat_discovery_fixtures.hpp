// A server doing RFC 5780 NAT behaviour discovery on loopback: listening on
// 127.0.0.1 (A1) and 127.0.0.2 (A2), each on the listening port (P1) and a
// test-chosen alternate port (P2). Shared by the tests of the attributes and
// those that run NAT discovery tools against it.
#pragma once

#include <chrono>
#include <vector>

#include "child_process.hpp"
#include "fixtures.hpp"

namespace turn::itest {

inline constexpr const char* kSecondLoopback = "127.0.0.2";

struct DiscoveryServer {
    std::uint16_t alt_port = free_udp_port();
    ServerProcess server;

    explicit DiscoveryServer(std::vector<std::string> extra = {})
        : server(config(alt_port, std::move(extra))) {}

    proto::TransportAddress a1p1() const { return server.address(); }
    proto::TransportAddress a1p2() const { return ip_port("127.0.0.1", alt_port); }
    proto::TransportAddress a2p1() const { return ip_port(kSecondLoopback, server.address().port); }
    proto::TransportAddress a2p2() const { return ip_port(kSecondLoopback, alt_port); }

    static ServerConfig config(std::uint16_t alt_port, std::vector<std::string> extra) {
        std::vector<std::string> lines = {std::string("listening-ip=") + kSecondLoopback,
                                          "alt-listening-port=" + std::to_string(alt_port)};
        lines.insert(lines.end(), extra.begin(), extra.end());
        // Two threads: a response from the alternate socket leaves from the
        // receiving thread's own SO_REUSEPORT copy of it.
        return {lines, 16, 2};
    }
};

// A NAT discovery tool (`tool` -m/-f/-P ... -p P1 127.0.0.1) run to its end
// against `d`: a few probes of about a second each when nothing answers.
inline ToolRun run_discovery_tool(const char* tool, const DiscoveryServer& d, std::vector<std::string> options) {
    constexpr auto kDiscoveryTimeout = std::chrono::seconds(30);
    std::vector<std::string> args = {tool};
    args.insert(args.end(), options.begin(), options.end());
    args.insert(args.end(), {"-p", std::to_string(d.a1p1().port), "127.0.0.1"});
    ToolRun run = run_tool(args, kDiscoveryTimeout);
    INFO(run.output);
    REQUIRE_FALSE(run.timed_out);
    return run;
}

inline bool output_has(const std::string& output, const std::string& text) {
    return output.find(text) != std::string::npos;
}

}  // namespace turn::itest
