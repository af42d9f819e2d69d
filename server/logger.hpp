// The daemon's log: stdout, a file or syslog, one line per event, UTC ISO
// 8601 timestamps. Thread-safe; never on the per-packet path.
#pragma once

#include <atomic>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "protocol/function_ref.hpp"
#include "protocol/result.hpp"
#include "server/admin_protocol.hpp"

namespace turn::server {

enum class LogLevel : std::uint8_t { Error, Warning, Info, Debug };

// Text: "2026-11-21T07:22:26.123Z INFO: message". Json: one JSON object a
// line (json_line.hpp), with the same UTC ISO 8601 time.
enum class LogFormat : std::uint8_t { Text, Json };

class Logger {
public:
    // `target` is "stdout", "stderr", "syslog" or a file path (appended to);
    // `ident` names the program in syslog.
    static Result<std::unique_ptr<Logger>, std::string> open(std::string target, LogLevel level,
                                                             std::string ident = "turnserver",
                                                             LogFormat format = LogFormat::Text);
    ~Logger();

    void log(LogLevel level, std::string_view message);
    void error(std::string_view m) { log(LogLevel::Error, m); }
    void warning(std::string_view m) { log(LogLevel::Warning, m); }
    void info(std::string_view m) { log(LogLevel::Info, m); }
    void debug(std::string_view m) { log(LogLevel::Debug, m); }
    // An event with fields: "kind key=value ..." (values percent-encoded as
    // turnctl's records are), or a JSON object with "event": kind.
    void record(LogLevel level, const admin::Record& r);
    bool enabled(LogLevel level) const { return level <= level_.load(std::memory_order_relaxed); }
    // turnctl reload: a new verbosity without a restart (any thread).
    void set_level(LogLevel level) { level_.store(level, std::memory_order_relaxed); }
    // SIGHUP: reopen the file so logrotate can move the old one away.
    void reopen();

private:
    Logger(std::string target, LogLevel level, std::string ident, LogFormat format)
        : target_(std::move(target)), ident_(std::move(ident)), level_(level), format_(format) {}
    bool open_target();
    // Writes one line; `json` builds it from the time and level names.
    void write(LogLevel level, std::string_view text, FunctionRef<std::string(std::string_view, std::string_view)> json);

    std::mutex mu_;
    std::string target_;
    std::string ident_;  // openlog() keeps the pointer: it must outlive the Logger's use of syslog
    std::atomic<LogLevel> level_;
    LogFormat format_;
    std::FILE* file_ = nullptr;
    bool syslog_ = false;
};

}  // namespace turn::server
