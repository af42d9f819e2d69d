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

namespace {

Result<void, std::string> become_group(const std::string& group, bool keep_supplementary) {
    const struct group* g = getgrnam(group.c_str());
    if (g == nullptr) return unexpected("proc-group " + group + ": no such group");
    const gid_t gid = g->gr_gid;
    // Alone (no proc-user to take groups from), the group is the only one:
    // root's supplementary groups must not survive the change.
    if (!keep_supplementary && geteuid() == 0 && setgroups(1, &gid) != 0)
        return unexpected(errno_text("setgroups " + group));
    if (setgid(gid) != 0) return unexpected(errno_text("setgid " + group));
    return {};
}

Result<void, std::string> become_user(const std::string& user, bool group_given) {
    const struct passwd* p = getpwnam(user.c_str());
    if (p == nullptr) return unexpected("proc-user " + user + ": no such user");
    const uid_t uid = p->pw_uid;
    const gid_t primary = group_given ? getgid() : p->pw_gid;
    if (!group_given && setgid(primary) != 0) return unexpected(errno_text("setgid for " + user));
    // Only root may set supplementary groups; anyone else keeps their own.
    if (geteuid() == 0 && initgroups(user.c_str(), primary) != 0) return unexpected(errno_text("initgroups " + user));
    if (setuid(uid) != 0) return unexpected(errno_text("setuid " + user));
    // setuid from root sets all three uids; if root could still be regained,
    // the drop did not happen and serving would be a lie.
    if (uid != 0 && (setuid(0) == 0 || geteuid() == 0))
        return unexpected("proc-user " + user + ": root could be regained");
    return {};
}

}  // namespace

Result<void, std::string> drop_privileges(const std::string& user, const std::string& group) {
    if (!group.empty()) {
        if (auto g = become_group(group, !user.empty()); !g) return g;
    }
    if (!user.empty()) return become_user(user, !group.empty());
    return {};
}

}  // namespace turn::server
