// Process-level chores of a daemon: detaching, the pidfile, dropping root.
#pragma once

#include <string>

#include "protocol/result.hpp"

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

}  // namespace turn::server
