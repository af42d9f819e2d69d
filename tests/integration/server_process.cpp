#include "server_process.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <stdexcept>
#include <thread>

#include "scratch.hpp"
#include "turn_client.hpp"

namespace turn::itest {
namespace {

// Start-up is milliseconds; ASan and a loaded CI machine make it slower.
constexpr auto kReadyTimeout = 10s;
constexpr auto kReadyProbeInterval = 100ms;

}  // namespace

std::vector<std::string> base_lines(const proto::TransportAddress& listen, PortRange relay, std::size_t threads) {
    return {
        "listening-ip=" + listen.ip_string(),
        "listening-port=" + std::to_string(listen.port),
        // Never the shared default 5349: each server its own TLS port.
        "tls-listening-port=" + std::to_string(free_udp_port()),
        "relay-ip=127.0.0.1",
        "min-port=" + std::to_string(relay.min),
        "max-port=" + std::to_string(relay.max),
        "relay-threads=" + std::to_string(threads),
        "log-file=stdout",
    };
}

std::vector<std::string> long_term_auth_lines() {
    return {"lt-cred-mech", std::string("realm=") + kRealm, std::string("user=") + kUser + ":" + kPassword};
}

bool has_sanitizer_report(const std::string& log) {
    return log.find("ERROR: AddressSanitizer") != std::string::npos ||
           log.find("ERROR: LeakSanitizer") != std::string::npos ||
           log.find("runtime error:") != std::string::npos;
}

std::filesystem::path write_config(const std::vector<std::string>& lines) {
    const auto path = new_scratch_file("turnserver", ".conf");
    std::ofstream out(path);
    for (const auto& l : lines) out << l << "\n";
    return path;
}

ServerProcess::ServerProcess(ServerConfig config)
    : address_(*proto::TransportAddress::parse("127.0.0.1", free_udp_port())),
      relay_ports_(relay_port_range(config.relay_ports)),
      log_path_(new_scratch_file("turnserver", ".log")),
      config_path_([&] {
          auto lines = base_lines(address_, relay_ports_, config.relay_threads);
          lines.insert(lines.end(), config.lines.begin(), config.lines.end());
          return write_config(lines);
      }()),
      child_([&] {
          auto argv = config.launcher;
          for (const auto& word : {std::string(kServerBinary), std::string("-c"), config_path_.string()})
              argv.push_back(word);
          return ChildProcess::spawn(argv, log_path_, config.environment);
      }()) {
    if (config.wait_until_ready) wait_until_answering();
}

ServerProcess::~ServerProcess() {
    const ExitStatus status = stop();
    // A server that needs SIGKILL, crashes on SIGTERM or reports memory errors
    // fails the test that ran it, whatever the test itself checked.
    INFO("turnserver log: " << log_path_.string());
    CHECK(status.describe() == "exit code 0");
    CHECK_FALSE(has_sanitizer_report(log()));
}

std::string ServerProcess::log() const { return read_file(log_path_); }

bool ServerProcess::log_shows(std::string_view text, std::chrono::milliseconds timeout) const {
    return eventually_contains(log_path_, text, timeout);
}

ExitStatus ServerProcess::stop() { return child_.stop(5s); }

void ServerProcess::wait_until_answering() {
    UdpEndpoint probe(address_.ip_string());
    const auto deadline = std::chrono::steady_clock::now() + kReadyTimeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (const auto exited = child_.poll())
            throw std::runtime_error("turnserver exited during start-up (" + exited->describe() + "):\n" + log());
        probe.send_to(address_, binding_request());
        const auto reply = probe.receive(kReadyProbeInterval);
        if (reply && proto::StunMessage::decode(reply->bytes).ok()) return;
    }
    child_.stop(1s);
    throw std::runtime_error("turnserver did not answer a Binding request within 10 s:\n" + log());
}

}  // namespace turn::itest
