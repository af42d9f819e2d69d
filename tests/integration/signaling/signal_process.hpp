// The real turnsignal binary, started for one test: a config file written
// from the usual lines plus the test's own, a web root with a few files (and
// a secret beside it that must never be served), stdout and stderr in a log,
// ready once its port accepts connections, and always stopped: SIGTERM, and
// the test fails unless it exits 0 without a sanitizer report.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "child_process.hpp"

namespace turn::itest {

inline const char* const kSignalBinary = TURNSIGNAL_BINARY;
inline constexpr const char* kSignalSecret = "itest-shared-secret";

struct SignalConfig {
    std::vector<std::string> lines;  // after the usual ones, so they override them
    bool https = false;              // a self-signed certificate and an HTTPS port instead of HTTP
    std::vector<std::string> environment{};  // "NAME=value" added to turnsignal's environment
    // False: the constructor returns once the process runs (the test waits its own way).
    bool wait_until_ready = true;
};

class SignalProcess {
public:
    // Throws std::runtime_error (with the log) if turnsignal does not come up.
    explicit SignalProcess(SignalConfig config = {});
    ~SignalProcess();
    SignalProcess(const SignalProcess&) = delete;
    SignalProcess& operator=(const SignalProcess&) = delete;

    std::uint16_t port() const { return port_; }
    const std::filesystem::path& web_root() const { return web_root_; }
    const std::filesystem::path& config_path() const { return config_path_; }
    std::string log() const;
    void signal(int sig) { child_.signal(sig); }
    std::optional<ExitStatus> wait_for_exit(std::chrono::milliseconds timeout) { return child_.wait_for_exit(timeout); }
    ExitStatus stop() { return child_.stop(5s); }
    // True once `text` is in the log, waiting up to `timeout`.
    bool log_shows(std::string_view text, std::chrono::milliseconds timeout = 5s) const;

private:
    void wait_until_ready();

    std::uint16_t port_;
    std::filesystem::path web_root_;
    std::filesystem::path log_path_;
    std::filesystem::path config_path_;
    ChildProcess child_;
};

// The config lines SignalProcess writes first: turnsignal on 127.0.0.1:port
// serving `web_root`, TURN on 127.0.0.1:3478 with the shared secret.
std::vector<std::string> signal_base_lines(std::uint16_t port, const std::filesystem::path& web_root);

// A web root with index.html, app.js, style.css, docs/index.html, a hidden
// file and a symbolic link to a secret outside it.
std::filesystem::path make_web_root();

// A self-signed certificate and key for 127.0.0.1 (openssl req): the config
// lines that use them.
std::vector<std::string> self_signed_certificate_lines();

}  // namespace turn::itest
