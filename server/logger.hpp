// The daemon's log: stdout, a file or syslog, one line per event, UTC ISO
// 8601 timestamps. Thread-safe; never on the per-packet path.
#pragma once

#include <atomic>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "protocol/result.hpp"

namespace turn::server {

enum class LogLevel : std::uint8_t { Error, Warning, Info, Debug };

class Logger {
public:
    // `target` is "stdout", "stderr", "syslog" or a file path (appended to);
    // `ident` names the program in syslog.
    static Result<std::unique_ptr<Logger>, std::string> open(std::string target, LogLevel level,
                                                             std::string ident = "turnserver");
    ~Logger();

    void log(LogLevel level, std::string_view message);
    void error(std::string_view m) { log(LogLevel::Error, m); }
    void warning(std::string_view m) { log(LogLevel::Warning, m); }
    void info(std::string_view m) { log(LogLevel::Info, m); }
    void debug(std::string_view m) { log(LogLevel::Debug, m); }
    bool enabled(LogLevel level) const { return level <= level_.load(std::memory_order_relaxed); }
    // turnctl reload: a new verbosity without a restart (any thread).
    void set_level(LogLevel level) { level_.store(level, std::memory_order_relaxed); }
    // SIGHUP: reopen the file so logrotate can move the old one away.
    void reopen();

private:
    Logger(std::string target, LogLevel level, std::string ident)
        : target_(std::move(target)), ident_(std::move(ident)), level_(level) {}
    bool open_target();

    std::mutex mu_;
    std::string target_;
    std::string ident_;  // openlog() keeps the pointer: it must outlive the Logger's use of syslog
    std::atomic<LogLevel> level_;
    std::FILE* file_ = nullptr;
    bool syslog_ = false;
};

}  // namespace turn::server
