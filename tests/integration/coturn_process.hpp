// coturn's own programs from Debian's package, for interop tests: its
// turnadmin, and its turnserver on a test-chosen port and relay range. Both
// are kept away from system files: the server gets --no-cli, its own log
// file and pid file; coturn's turnadmin, which always opens a log under
// /var/log, runs (when we are root) in a private mount namespace where
// /var/log is a scratch directory.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "child_process.hpp"
#include "ports.hpp"

namespace turn::itest {

// Found by CMake in /usr/bin only.
inline const char* const kCoturnTurnadmin = COTURN_TURNADMIN;
inline const char* const kCoturnTurnserver = COTURN_TURNSERVER;

// Runs coturn's turnadmin with `args`; the output without its log lines
// ("0: : ..."), which are not part of a listing.
ToolRun run_coturn_turnadmin(const std::vector<std::string>& args);

// Lines of `output` that are not coturn log lines.
std::string without_log_lines(const std::string& output);

class CoturnServer {
public:
    // `options` after the ones every run needs (listening address, ports,
    // relay range, no CLI, log and pid files).
    explicit CoturnServer(std::vector<std::string> options);
    ~CoturnServer();
    CoturnServer(const CoturnServer&) = delete;
    CoturnServer& operator=(const CoturnServer&) = delete;

    std::uint16_t port() const { return port_; }
    std::string log() const;

private:
    std::uint16_t port_;
    PortRange relay_;
    std::filesystem::path log_path_;
    std::filesystem::path out_path_;
    ChildProcess child_;
};

}  // namespace turn::itest
