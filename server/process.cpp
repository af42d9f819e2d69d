#include "server/process.hpp"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace turn::server {
namespace {

std::string errno_text(const std::string& what) { return what + ": " + std::strerror(errno); }

// An unlimited hard limit cannot be the soft one: the kernel caps
// descriptors at fs.nr_open (1048576 unless raised).
rlim_t settable(rlim_t hard) {
    if (hard != RLIM_INFINITY) return hard;
    std::ifstream in("/proc/sys/fs/nr_open");
    std::uint64_t nr_open = 1 << 20;
    in >> nr_open;
    return static_cast<rlim_t>(nr_open);
}

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

DescriptorLimit raise_descriptor_limit() {
    rlimit rl{};
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return {0, 0, 0, errno_text("getrlimit(RLIMIT_NOFILE)")};
    DescriptorLimit out{rl.rlim_cur, rl.rlim_cur, rl.rlim_max, {}};
    const rlim_t target = settable(rl.rlim_max);
    if (rl.rlim_cur >= target) return out;
    rl.rlim_cur = target;
    if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
        out.failure = errno_text("cannot raise RLIMIT_NOFILE from " + std::to_string(out.soft) + " to " +
                                 std::to_string(target));
    else
        out.soft = target;
    return out;
}

std::string describe(const DescriptorLimit& l) {
    const std::string hard = l.hard == RLIM_INFINITY ? "unlimited" : std::to_string(l.hard);
    if (l.initial_soft == l.soft)
        return "descriptor limit: RLIMIT_NOFILE soft " + std::to_string(l.soft) + ", hard " + hard;
    return "descriptor limit: RLIMIT_NOFILE soft " + std::to_string(l.initial_soft) + " raised to " +
           std::to_string(l.soft) + " (hard " + hard + ")";
}

ServiceStart start_service(Logger& log) {
    ServiceStart s{raise_descriptor_limit(), {}};
    if (!s.descriptors.failure.empty()) log.warning(s.descriptors.failure);
    log.info(describe(s.descriptors));
    std::vector<std::string> warnings;
    s.notifier = SystemdNotifier::from_environment(warnings);
    for (const auto& w : warnings) log.warning(w);
    return s;
}

std::optional<std::uint64_t> open_descriptor_count() {
    std::error_code ec;
    std::filesystem::directory_iterator it("/proc/self/fd", ec);
    if (ec) return std::nullopt;
    std::uint64_t n = 0;
    for (; it != std::filesystem::directory_iterator(); it.increment(ec)) {
        if (ec) return std::nullopt;
        ++n;
    }
    return n > 0 ? n - 1 : 0;  // the directory's own descriptor, open while it is read
}

}  // namespace turn::server
