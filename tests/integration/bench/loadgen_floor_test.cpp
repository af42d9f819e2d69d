// turn_loadgen with a floor target (bench/README.md): it sets up flows on
// turn_floor by HELLO and on our turnserver by Allocate and ChannelBind, runs
// the same data phases against both, and prints rows with a floor= value and
// the ratio ours/floor. Its own bad command lines fail with exit 2.
#include <catch2/catch.hpp>

#include <regex>
#include <string>

#include "child_process.hpp"
#include "floor_process.hpp"
#include "server_process.hpp"

using namespace turn;
using namespace turn::itest;

namespace {

inline const char* const kLoadgenBinary = TURN_LOADGEN_BINARY;

std::string target(const char* name, const proto::TransportAddress& a, pid_t pid) {
    return std::string(name) + "=" + a.to_string() + ":" + std::to_string(pid);
}

// Every line of `output` that starts with `metric` and names `scenario`.
std::vector<std::string> rows(const std::string& output, const std::string& metric, const std::string& scenario) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t end; (end = output.find('\n', start)) != std::string::npos; start = end + 1) {
        const std::string line = output.substr(start, end - start);
        if (line.starts_with(metric + " ") && line.find(scenario) != std::string::npos) out.push_back(line);
    }
    return out;
}

}  // namespace

TEST_CASE("turn_loadgen drives our turnserver and turn_floor through the same data phases and prints ours/floor") {
    auto lines = long_term_auth_lines();
    lines.push_back("allow-loopback-peers");
    ServerProcess ours({lines, 32});
    FloorProcess floor(0);  // relay ports from the kernel: not the block the server's range came from
    // Small and short: this checks the plumbing, not the numbers. Our flows
    // each get their own peer socket (--distinct-peers), the floor's share one.
    const auto run = run_tool({kLoadgenBinary, "--target", target("ours", ours.address(), ours.pid()),
                               "--floor", target("floor", floor.address(), floor.pid()), "--distinct-peers", "ours",
                               "--user", kUser, "--password", kPassword, "--realm", kRealm, "--phases", "cpu,rtt",
                               "--rate", "2000", "--seconds", "0.3", "--repeat", "1", "--burst-flows", "4",
                               "--burst", "8", "--rr-flows", "20", "--rtt-seconds", "0.3", "--rtt-rate", "200"},
                              40s);
    INFO(run.output);
    REQUIRE_FALSE(run.timed_out);
    CHECK(run.status.clean());
    for (const std::string scenario : {"4-flows-burst8", "20-flows-round-robin"}) {
        for (const std::string metric : {"cpu_ns_per_pkt", "cpu_ns_per_pkt_min"}) {
            const auto found = rows(run.output, metric, scenario);
            REQUIRE(found.size() == 2);  // client->peer and peer->client
            for (const auto& row : found) {
                CHECK(row.find("ours=") != std::string::npos);
                CHECK(row.find("floor=") != std::string::npos);
                // The second target is the floor here. /proc/PID/stat counts 10 ms
                // ticks, so only the schedstat row is sure to have a ratio in so short a run.
                if (metric == "cpu_ns_per_pkt_min") CHECK(row.find("ratio=") != std::string::npos);
            }
        }
    }
    CHECK(rows(run.output, "rtt_p50_us", "1-flow-200pps").size() == 1);
    // Packets went through both in every phase (how many in time is bench/'s business).
    CHECK_FALSE(std::regex_search(run.output, std::regex("recv +0 ")));
    CHECK(run.output.find("teardown ours: 20 flows freed, 0 failed") != std::string::npos);
    CHECK_FALSE(has_sanitizer_report(run.output));
    CHECK(floor.stop().clean());
    CHECK(floor.log().find("turn_floor: 20 flows") != std::string::npos);
    CHECK_FALSE(has_sanitizer_report(floor.log()));
}

TEST_CASE("turn_loadgen's bad command lines: exit 2 with a message naming the problem") {
    const std::vector<std::string> creds{"--user", "u", "--password", "p", "--realm", "r"};
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
        {{"--target", "ours=127.0.0.1:3478:1", "--phases", "cpu,bogus"}, "bad --phases cpu,bogus"},
        {{"--target", "ours=127.0.0.1:3478:1", "--distinct-peers", "nosuch"}, "--distinct-peers nosuch: no such target"},
        {{"--floor", "floor=127.0.0.1:3478:1"}, "the first target must be a TURN server"},
        {{"--target", "ours=127.0.0.1:3478:1", "--floor", "floor=127.0.0.1"}, "bad --floor floor=127.0.0.1"},
    };
    for (const auto& [args, message] : cases) {
        std::vector<std::string> argv{kLoadgenBinary};
        argv.insert(argv.end(), args.begin(), args.end());
        argv.insert(argv.end(), creds.begin(), creds.end());
        const auto run = run_tool(argv, 10s);
        INFO(run.output);
        CHECK(run.status.exited);
        CHECK(run.status.code == 2);
        CHECK(run.output.find(message) != std::string::npos);
    }
}
