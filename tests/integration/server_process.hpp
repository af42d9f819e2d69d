// The real turnserver binary, started for one test: a temp config file
// written from "name=value" lines, stdout and stderr in a temp log, ready once
// it answers a STUN Binding request, and always stopped and reaped. Stopping
// checks the log for sanitizer reports (the ASan build runs the server with
// ASan too) and that the server shut down cleanly on SIGTERM.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "child_process.hpp"
#include "ports.hpp"
#include "protocol/transport_address.hpp"

namespace turn::itest {

inline const char* const kServerBinary = TURN_SERVER_BINARY;

struct ServerConfig {
    // Config-file lines after the ones start() writes (listening address and
    // port, relay-ip, port range, one relay thread, log to stdout).
    std::vector<std::string> lines;
    std::uint16_t relay_ports = 16;
    std::size_t relay_threads = 1;
    // Words before the server's command line, e.g. {"/usr/bin/prlimit", "--nofile=64:64"}.
    std::vector<std::string> launcher{};
    // "NAME=value" entries added to the server's environment.
    std::vector<std::string> environment{};
    // False: the constructor returns as soon as the process runs, for tests
    // that watch readiness their own way (wait_until_answering() is there).
    bool wait_until_ready = true;
};

// The usual long-term credentials setup: realm itest.example, user alice.
inline constexpr const char* kRealm = "itest.example";
inline constexpr const char* kUser = "alice";
inline constexpr const char* kPassword = "alice-password";
std::vector<std::string> long_term_auth_lines();

// True when a sanitizer (ASan, LSan, UBSan) reported in `log`.
bool has_sanitizer_report(const std::string& log);

class ServerProcess {
public:
    // Throws std::runtime_error (with the log) if the server does not come up.
    explicit ServerProcess(ServerConfig config);
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    const proto::TransportAddress& address() const { return address_; }
    const PortRange& relay_ports() const { return relay_ports_; }
    const std::filesystem::path& config_path() const { return config_path_; }
    std::string log() const;
    // Waits for `text` to appear in the log: false if it does not in time.
    bool log_shows(std::string_view text, std::chrono::milliseconds timeout) const;
    pid_t pid() const { return child_.pid(); }
    void signal(int sig) { child_.signal(sig); }
    std::optional<ExitStatus> wait_for_exit(std::chrono::milliseconds timeout) { return child_.wait_for_exit(timeout); }
    // SIGTERM, then SIGKILL after a grace period; idempotent.
    ExitStatus stop();
    // Probes with Binding requests until one is answered; throws (with the
    // log) if the server exits or stays silent for 10 s.
    void wait_until_answering();

    proto::TransportAddress address_;
    PortRange relay_ports_;
    std::filesystem::path log_path_;
    std::filesystem::path config_path_;
    ChildProcess child_;
};

// The lines ServerProcess writes before ServerConfig::lines (so a test knows
// on which line of the file its own lines start).
std::vector<std::string> base_lines(const proto::TransportAddress& listen, PortRange relay, std::size_t threads);

// Writes `lines` to a new .conf file in the scratch directory.
std::filesystem::path write_config(const std::vector<std::string>& lines);

}  // namespace turn::itest
