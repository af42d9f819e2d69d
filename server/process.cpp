#include "server/process.hpp"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace turn::server {
namespace {

std::string errno_text(const std::string& what) { return what + ": " + std::strerror(errno); }

}  // namespace

Result<void, std::string> daemonize() {
    const pid_t pid = fork();
    if (pid < 0) return unexpected(errno_text("fork"));
    if (pid > 0) _exit(0);
    if (setsid() < 0) return unexpected(errno_text("setsid"));
    const int null = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null >= 0) {
        dup2(null, STDIN_FILENO);
        dup2(null, STDOUT_FILENO);
        dup2(null, STDERR_FILENO);
        if (null > STDERR_FILENO) close(null);
    }
    return {};
}

Result<Pidfile, std::string> Pidfile::create(std::string path) {
    std::FILE* f = std::fopen(path.c_str(), "w");
    if (f == nullptr) return unexpected(errno_text("cannot write pidfile " + path));
    std::fprintf(f, "%ld\n", static_cast<long>(getpid()));
    std::fclose(f);
    return Pidfile(std::move(path));
}

Pidfile::~Pidfile() {
    if (!path_.empty()) unlink(path_.c_str());
}

Result<void, std::string> drop_privileges(const std::string& user, const std::string& group) {
    if (!group.empty()) {
        const struct group* g = getgrnam(group.c_str());
        if (g == nullptr) return unexpected("proc-group " + group + ": no such group");
        if (setgid(g->gr_gid) != 0) return unexpected(errno_text("setgid " + group));
    }
    if (!user.empty()) {
        const struct passwd* p = getpwnam(user.c_str());
        if (p == nullptr) return unexpected("proc-user " + user + ": no such user");
        if (group.empty() && setgid(p->pw_gid) != 0) return unexpected(errno_text("setgid for " + user));
        if (initgroups(user.c_str(), p->pw_gid) != 0) return unexpected(errno_text("initgroups " + user));
        if (setuid(p->pw_uid) != 0) return unexpected(errno_text("setuid " + user));
    }
    return {};
}

}  // namespace turn::server
