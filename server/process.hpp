// Process-level chores of a daemon: detaching, the pidfile, dropping root,
// the descriptor limit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "protocol/result.hpp"
#include "server/logger.hpp"
#include "server/systemd_notify.hpp"

namespace turn::server {

// fork + setsid; the parent exits 0. Standard streams go to /dev/null.
Result<void, std::string> daemonize();

// Writes the pid; removed again by the returned guard's destructor.
class Pidfile {
public:
    static Result<Pidfile, std::string> create(std::string path);
    Pidfile(Pidfile&& o) noexcept : path_(std::move(o.path_)) { o.path_.clear(); }
    Pidfile(const Pidfile&) = delete;
    ~Pidfile();

private:
    explicit Pidfile(std::string path) : path_(std::move(path)) {}
    std::string path_;
};

// proc-group then proc-user (group first: after setuid it is no longer allowed).
Result<void, std::string> drop_privileges(const std::string& user, const std::string& group);

// RLIMIT_NOFILE before and after raise_descriptor_limit().
struct DescriptorLimit {
    std::uint64_t initial_soft = 0;
    std::uint64_t soft = 0;
    std::uint64_t hard = 0;
    std::string failure;  // why the soft limit could not be raised; empty if it was (or needed not be)
};

// Raises the soft descriptor limit to the hard one (every allocation holds a
// socket, and distributions start services at a soft 1024).
DescriptorLimit raise_descriptor_limit();
// "descriptor limit: RLIMIT_NOFILE soft 1024 raised to the hard limit 524288".
std::string describe(const DescriptorLimit& l);

// Descriptors open in this process now; none if /proc/self/fd is unreadable.
std::optional<std::uint64_t> open_descriptor_count();

// What both daemons (turnserver, turnsignal) do first once they can log:
// lift the descriptor limit and find the service manager, logging both.
struct ServiceStart {
    DescriptorLimit descriptors;
    SystemdNotifier notifier;
};
ServiceStart start_service(Logger& log);

}  // namespace turn::server
