// Dropping root (proc-user, proc-group) happens after every listener is
// bound, and for good: all of the process's user and group IDs change, the
// supplementary groups with them, and no capability is left. Starting as
// root with an unsafe config is refused with a message naming the way out
// (server/root_safety.hpp; coturn's CVE-2018-4059 was an unsafe default).
// The tests that need root say so and pass with a warning without it; CI
// runs them as root.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <fstream>
#include <sstream>

#include "fixtures.hpp"
#include "scratch.hpp"

using namespace turn;
using namespace turn::itest;

namespace {

constexpr auto kExitTimeout = 10s;
constexpr const char* kNobody = "65534";  // nobody and nogroup on Debian

bool skip_without_root() {
    if (geteuid() == 0) return false;
    WARN("not running as root: the privilege test is skipped");
    return true;
}

// "Uid:", "Gid:", "Groups:", "CapEff:" ... of /proc/<pid>/status, the values as one string.
std::string status_field(pid_t pid, const std::string& name) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind(name + ":", 0) != 0) continue;
        std::istringstream values(line.substr(name.size() + 1));
        std::string v;
        std::string out;
        while (values >> v) out += (out.empty() ? "" : " ") + v;
        return out;
    }
    return "(no " + name + ")";
}

// A free port below 1024 on 127.0.0.1 (for UDP; TCP there is as unused on a
// test machine), which only root may bind.
std::uint16_t privileged_port() {
    for (std::uint16_t p = 1000; p > 900; --p)
        if (udp_bindable("127.0.0.1", p)) return p;
    FAIL("no free port between 901 and 1000");
    return 0;
}

ToolRun run_server_with(std::vector<std::string> lines) {
    auto base = base_lines(ip_port("127.0.0.1", free_udp_port()), relay_port_range(4), 1);
    base.insert(base.end(), lines.begin(), lines.end());
    const ToolRun run = run_tool({kServerBinary, "-c", write_config(base).string()}, kExitTimeout);
    INFO(run.output);
    CHECK_FALSE(run.timed_out);
    return run;
}

}  // namespace

TEST_CASE("proc-user and proc-group: bound as root on a port below 1024, then every ID is nobody's and no capability is left") {
    if (skip_without_root()) return;
    const std::uint16_t low = privileged_port();
    ServerProcess server(auth_with({"proc-user=nobody", "proc-group=nogroup", "alt-listening-port=" + std::to_string(low)}));
    const pid_t pid = server.pid();
    CHECK(status_field(pid, "Uid") == std::string(kNobody) + " " + kNobody + " " + kNobody + " " + kNobody);
    CHECK(status_field(pid, "Gid") == std::string(kNobody) + " " + kNobody + " " + kNobody + " " + kNobody);
    CHECK(status_field(pid, "Groups") == kNobody);
    CHECK(status_field(pid, "CapEff") == "0000000000000000");
    CHECK(status_field(pid, "CapPrm") == "0000000000000000");
    // The privileged listener was bound before the drop and serves.
    TurnClient on_low(ip_port("127.0.0.1", low));
    const auto binding = on_low.request_once(proto::Method::Binding);
    REQUIRE(binding);
    CHECK(binding->is_success());
    // Relay sockets, bound after the drop, work as nobody.
    TurnClient client = client_of(server);
    require_allocation(client);
    CHECK(server.log().find("running as root") == std::string::npos);
}

TEST_CASE("proc-group alone: the group and the only supplementary group become it") {
    if (skip_without_root()) return;
    ServerProcess server(auth_with({"proc-group=nogroup"}));
    CHECK(status_field(server.pid(), "Gid") == std::string(kNobody) + " " + kNobody + " " + kNobody + " " + kNobody);
    CHECK(status_field(server.pid(), "Groups") == kNobody);
}

TEST_CASE("a proc-user or proc-group that does not exist: non-zero exit naming it") {
    for (const char* line : {"proc-user=no-such-user-here", "proc-group=no-such-group-here"}) {
        INFO(line);
        const ToolRun run = run_server_with({line});
        CHECK(run.status.exited);
        CHECK(run.status.code != 0);
        CHECK(run.output.find(std::string(line).substr(std::string(line).find('=') + 1)) != std::string::npos);
    }
}

TEST_CASE("as root without proc-user, anonymous relaying to loopback is refused with the ways out named") {
    if (skip_without_root()) return;
    const ToolRun run = run_server_with({"allow-loopback-peers"});
    CHECK(run.status.exited);
    CHECK(run.status.code == 1);
    for (const char* text : {"refusing to run as root", "proc-user", "allow-root"}) CHECK(run.output.find(text) != std::string::npos);
}

TEST_CASE("as root without proc-user, the unsafe config starts with allow-root, and a safe one starts with a warning") {
    if (skip_without_root()) return;
    ServerProcess forced({{"allow-loopback-peers", "allow-root"}});
    CHECK(forced.log_shows("running as root", kAnswerTimeout));
    ServerProcess with_auth(auth_with({"allow-loopback-peers"}));
    CHECK(with_auth.log_shows("running as root: set proc-user", kAnswerTimeout));
    ServerProcess dropping({{"allow-loopback-peers", "proc-user=nobody"}});
    CHECK(dropping.log().find("running as root") == std::string::npos);
}
