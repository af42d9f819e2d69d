// Start-up failures fail loudly and early (DESIGN.md compatibility contract):
// a non-zero exit with a message that names the problem, and no half-started
// service. An unknown option in the file only warns, as in coturn.
#include <catch2/catch.hpp>

#include "fixtures.hpp"
#include "scratch.hpp"

using namespace turn;
using namespace turn::itest;

namespace {

// A server that wrongly starts is killed after this and fails the test.
constexpr auto kExitTimeout = 10s;

// A config that would start a server on a test port (never the default
// 3478), so a run that should fail but does not cannot collide with anything.
std::vector<std::string> valid_lines(std::uint16_t listen_port) {
    return base_lines(ip_port("127.0.0.1", listen_port), relay_port_range(4), 1);
}

ToolRun run_server(std::vector<std::string> args) {
    args.insert(args.begin(), kServerBinary);
    const ToolRun run = run_tool(args, kExitTimeout);
    INFO(run.output);
    CHECK_FALSE(run.timed_out);
    CHECK_FALSE(has_sanitizer_report(run.output));
    return run;
}

}  // namespace

TEST_CASE("a config file that cannot be read: non-zero exit and a message naming the file") {
    const ToolRun run = run_server({"-c", "/nonexistent/turnserver.conf"});
    INFO(run.output);
    CHECK(run.status.exited);
    CHECK(run.status.code != 0);
    CHECK(run.output.find("/nonexistent/turnserver.conf") != std::string::npos);
}

TEST_CASE("a listening port held by another socket: non-zero exit and a message naming the address") {
    UdpEndpoint squatter("127.0.0.1");  // no SO_REUSEPORT, so the server cannot share the port
    const auto config = write_config(valid_lines(squatter.address().port));
    const ToolRun run = run_server({"-c", config.string()});
    INFO(run.output);
    CHECK(run.status.exited);
    CHECK(run.status.code != 0);
    CHECK(run.output.find(squatter.address().to_string()) != std::string::npos);
}

TEST_CASE("a relay-ip that is not an address of this machine: non-zero exit naming it") {
    auto lines = valid_lines(free_udp_port());
    lines.push_back("relay-ip=192.0.2.1");  // TEST-NET-1 (RFC 5737): only bound, never contacted
    const ToolRun run = run_server({"-c", write_config(lines).string()});
    INFO(run.output);
    CHECK(run.status.exited);
    CHECK(run.status.code != 0);
    CHECK(run.output.find("192.0.2.1") != std::string::npos);
}

TEST_CASE("a cert file that does not exist: non-zero exit and a message naming the file") {
    const auto missing = scratch_dir() / "no-such-cert.pem";
    auto lines = valid_lines(free_udp_port());
    lines.push_back("cert=" + missing.string());
    const ToolRun run = run_server({"-c", write_config(lines).string()});
    INFO(run.output);
    CHECK(run.status.exited);
    CHECK(run.status.code != 0);
    CHECK(run.output.find(missing.string()) != std::string::npos);
}

TEST_CASE("an unknown option on the command line: non-zero exit naming the option") {
    const auto config = write_config(valid_lines(free_udp_port()));
    const ToolRun run = run_server({"--no-such-option", "-c", config.string()});
    INFO(run.output);
    CHECK(run.status.exited);
    CHECK(run.status.code != 0);
    CHECK(run.output.find("--no-such-option") != std::string::npos);
}

TEST_CASE("an unknown option in the config file: a warning with file and line, and the server starts") {
    ServerProcess server({{"no-such-option=1"}});
    const std::size_t line = base_lines(server.address(), server.relay_ports(), 1).size() + 1;
    const std::string where = server.config_path().string() + ":" + std::to_string(line);
    const std::string log = server.log();
    INFO(log);
    CHECK(log.find(where) != std::string::npos);
    CHECK(log.find("no-such-option") != std::string::npos);
    TurnClient client(server.address());
    const auto reply = client.request_once(proto::Method::Binding);
    REQUIRE(reply);
    CHECK(reply->is_success());
}
