// turnsignal as a process: --help, exit codes with clear messages, the
// shared config file, and signals.
#include <catch2/catch.hpp>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>

#include "notify_socket.hpp"
#include "ports.hpp"
#include "scratch.hpp"
#include "server_process.hpp"
#include "signal_process.hpp"
#include "test_connection.hpp"
#include "ws_test_client.hpp"

using namespace turn::itest;

namespace {

ToolRun run_signal(const std::vector<std::string>& args) {
    std::vector<std::string> argv{kSignalBinary};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_tool(argv, 10s);
}

// Holds 127.0.0.1:port for TCP while it lives.
struct PortHolder {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    explicit PortHolder(std::uint16_t port) {
        sockaddr_in sa{};
        sa.sin_family = AF_INET;
        sa.sin_port = htons(port);
        sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::bind(fd, reinterpret_cast<const sockaddr*>(&sa), sizeof sa) == 0);
        REQUIRE(::listen(fd, 1) == 0);
    }
    ~PortHolder() { ::close(fd); }
};

}  // namespace

TEST_CASE("turnsignal: --help lists its options and the shared ones, and exits 0") {
    const ToolRun run = run_signal({"--help"});
    CHECK(run.status.clean());
    for (std::string_view option : {"--signaling-listening-port", "--signaling-tls-listening-port", "--signaling-web-root",
                                    "--signaling-allowed-origin", "--signaling-room-size", "--static-auth-secret", "-c, --config"}) {
        INFO(option);
        CHECK(run.output.find(option) != std::string::npos);
    }
}

TEST_CASE("turnsignal: a port in use stops the start with exit code 2, naming the address") {
    const std::uint16_t port = free_udp_port();
    PortHolder holder(port);
    const auto web = make_web_root();
    const ToolRun run = run_signal({"-n", "--signaling-listening-port", std::to_string(port), "--signaling-web-root",
                                    web.string(), "--log-file", "stdout"});
    CHECK(run.status.describe() == "exit code 2");
    CHECK(run.output.find("127.0.0.1:" + std::to_string(port)) != std::string::npos);
    CHECK(run.output.find("in use") != std::string::npos);
}

TEST_CASE("turnsignal: a bad config value or unknown flag is exit code 1 with the reason") {
    const auto bad = write_config({"signaling-room-size=0"});
    ToolRun run = run_signal({"-c", bad.string()});
    CHECK(run.status.describe() == "exit code 1");
    CHECK(run.output.find("signaling-room-size") != std::string::npos);
    run = run_signal({"--no-such-flag"});
    CHECK(run.status.describe() == "exit code 1");
    CHECK(run.output.find("no-such-flag") != std::string::npos);
    run = run_signal({"-c", "/nonexistent/turnserver.conf"});
    CHECK(run.status.describe() == "exit code 1");
}

TEST_CASE("turnsignal: HTTPS without a certificate, or one that cannot be loaded, is exit code 1") {
    ToolRun run = run_signal({"-n", "--signaling-tls-listening-port", std::to_string(free_udp_port()), "--log-file", "stdout"});
    CHECK(run.status.describe() == "exit code 1");
    CHECK(run.output.find("needs cert") != std::string::npos);
    run = run_signal({"-n", "--signaling-tls-listening-port", std::to_string(free_udp_port()), "--cert",
                      "/nonexistent/cert.pem", "--log-file", "stdout"});
    CHECK(run.status.describe() == "exit code 1");
    CHECK(run.output.find("/nonexistent/cert.pem") != std::string::npos);
}

TEST_CASE("turnsignal: turnserver reads the same file with the signaling options in it") {
    const std::uint16_t signal_port = free_udp_port();
    ServerProcess turn({{"signaling-listening-port=" + std::to_string(signal_port), "signaling-room-size=3",
                         "signaling-allowed-origin=https://app.example", "realm=itest.example", "use-auth-secret",
                         std::string("static-auth-secret=") + kSignalSecret}});
    CHECK(turn.log().find("signaling") == std::string::npos);  // accepted silently
}

TEST_CASE("turnsignal: SIGHUP reopens the log file and the service goes on") {
    const auto log_file = new_scratch_file("turnsignal-file", ".log");
    SignalProcess signal({{"log-file=" + log_file.string()}});
    const auto moved = log_file.string() + ".1";
    std::filesystem::rename(log_file, moved);  // as logrotate does
    signal.signal(SIGHUP);
    const auto file_shows = [&](std::string_view text) {
        for (int i = 0; i < 50; ++i) {
            if (read_file(log_file).find(text) != std::string::npos) return true;
            ::usleep(100 * 1000);
        }
        return false;
    };
    CHECK(file_shows("SIGHUP: log reopened"));
    WsClient client(signal.port());
    join(client, "after-hup");
    CHECK(file_shows("WebSocket client connected"));
    CHECK(read_file(moved).find("turnsignal started") != std::string::npos);
}

TEST_CASE("turnsignal under systemd: READY=1 once its port accepts, WATCHDOG=1 pings, STOPPING=1 on SIGTERM") {
    NotifySocket manager;
    SignalConfig config;
    config.environment = {manager.environment(), "WATCHDOG_USEC=200000"};
    config.wait_until_ready = false;
    SignalProcess signal(config);
    INFO(signal.log());
    REQUIRE(manager.wait_for("READY=1", 10s));
    CHECK_NOTHROW(TestConnection::open(signal.port()));  // one try: READY=1 promised it
    CHECK(manager.wait_for("WATCHDOG=1", 10s));
    signal.signal(SIGTERM);
    CHECK(manager.wait_for("STOPPING=1", 10s));
    const auto status = signal.wait_for_exit(10s);
    REQUIRE(status);
    CHECK(status->clean());
}
