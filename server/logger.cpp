#include "server/logger.hpp"

#include "server/json_line.hpp"

#include <syslog.h>

#include <cerrno>
#include <cstring>
#include <ctime>

namespace turn::server {
namespace {

const char* level_name(LogLevel l) {
    switch (l) {
        case LogLevel::Error: return "ERROR";
        case LogLevel::Warning: return "WARNING";
        case LogLevel::Info: return "INFO";
        case LogLevel::Debug: return "DEBUG";
    }
    return "INFO";
}

int syslog_priority(LogLevel l) {
    switch (l) {
        case LogLevel::Error: return LOG_ERR;
        case LogLevel::Warning: return LOG_WARNING;
        case LogLevel::Info: return LOG_INFO;
        case LogLevel::Debug: return LOG_DEBUG;
    }
    return LOG_INFO;
}

// 2026-11-21T07:22:26.123Z
void utc_timestamp(char (&out)[32]) {
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    tm t{};
    gmtime_r(&ts.tv_sec, &t);
    const std::size_t n = std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%S", &t);
    std::snprintf(out + n, sizeof out - n, ".%03ldZ", ts.tv_nsec / 1000000);
}

}  // namespace

Result<std::unique_ptr<Logger>, std::string> Logger::open(std::string target, LogLevel level, std::string ident,
                                                          LogFormat format) {
    std::unique_ptr<Logger> l(new Logger(std::move(target), level, std::move(ident), format));
    if (!l->open_target()) return unexpected("cannot open log file " + l->target_ + ": " + std::strerror(errno));
    return l;
}

bool Logger::open_target() {
    if (target_ == "syslog") {
        openlog(ident_.c_str(), LOG_PID | LOG_NDELAY, LOG_DAEMON);
        syslog_ = true;
        return true;
    }
    if (target_.empty() || target_ == "stdout") {
        file_ = stdout;
        return true;
    }
    if (target_ == "stderr") {
        file_ = stderr;
        return true;
    }
    file_ = std::fopen(target_.c_str(), "a");
    if (file_ != nullptr) std::setvbuf(file_, nullptr, _IOLBF, 0);
    return file_ != nullptr;
}

Logger::~Logger() {
    if (syslog_) closelog();
    if (file_ != nullptr && file_ != stdout && file_ != stderr) std::fclose(file_);
}

void Logger::log(LogLevel level, std::string_view message) {
    if (!enabled(level)) return;
    write(level, message, [&](std::string_view time, std::string_view name) {
        return json_message_line(time, name, message);
    });
}

void Logger::record(LogLevel level, const admin::Record& r) {
    if (!enabled(level)) return;
    const std::string text = admin::encode_record(r);
    write(level, text, [&](std::string_view time, std::string_view name) { return json_record_line(time, name, r); });
}

void Logger::write(LogLevel level, std::string_view text,
                   FunctionRef<std::string(std::string_view, std::string_view)> json) {
    char ts[32];
    utc_timestamp(ts);
    const std::string json_text = format_ == LogFormat::Json ? json(ts, level_name(level)) : std::string();
    std::lock_guard lock(mu_);
    if (syslog_) {
        const std::string_view line = format_ == LogFormat::Json ? std::string_view(json_text) : text;
        ::syslog(syslog_priority(level), "%.*s", static_cast<int>(line.size()), line.data());
        return;
    }
    if (file_ == nullptr) return;
    if (format_ == LogFormat::Json)
        std::fprintf(file_, "%s\n", json_text.c_str());
    else
        std::fprintf(file_, "%s %s: %.*s\n", ts, level_name(level), static_cast<int>(text.size()), text.data());
    std::fflush(file_);
}

void Logger::reopen() {
    std::lock_guard lock(mu_);
    if (syslog_ || file_ == stdout || file_ == stderr) return;
    if (file_ != nullptr) std::fclose(file_);
    file_ = std::fopen(target_.c_str(), "a");
    if (file_ != nullptr) std::setvbuf(file_, nullptr, _IOLBF, 0);
}

}  // namespace turn::server
