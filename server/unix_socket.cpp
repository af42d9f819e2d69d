#include "server/unix_socket.hpp"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace turn::server {
namespace {

constexpr int kBacklog = 16;
constexpr mode_t kSocketMode = 0600;

std::string failure(const std::string& what, const std::string& path) {
    return what + " " + path + ": " + std::strerror(errno);
}

Result<sockaddr_un, std::string> address_of(const std::string& path) {
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    if (path.empty() || path.size() >= sizeof a.sun_path) return unexpected("admin socket path too long: " + path);
    std::memcpy(a.sun_path, path.data(), path.size());
    return a;
}

// A socket file nobody listens on any more may go; anything else stays.
Result<void, std::string> clear_stale(const std::string& path, const sockaddr_un& a) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
        if (errno == ENOENT) return {};
        return unexpected(failure("cannot look at", path));
    }
    if (!S_ISSOCK(st.st_mode)) return unexpected(path + " exists and is not a socket");
    const Fd probe(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!probe) return unexpected(failure("socket for", path));
    if (::connect(probe.get(), reinterpret_cast<const sockaddr*>(&a), sizeof a) == 0)
        return unexpected(path + " is in use: another server answers there");
    if (errno != ECONNREFUSED) return unexpected(failure("cannot check", path));
    if (::unlink(path.c_str()) != 0) return unexpected(failure("cannot remove the stale socket", path));
    return {};
}

}  // namespace

Result<UnixListener, std::string> UnixListener::open(const std::string& path) {
    const auto a = address_of(path);
    if (!a) return unexpected(a.error());
    if (auto r = clear_stale(path, *a); !r) return unexpected(r.error());
    Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!fd) return unexpected(failure("socket for", path));
    // The socket file is born 0600: no moment where others could connect.
    // (Threads start later, so changing the process umask here is safe.)
    const mode_t previous = ::umask(0777 & ~kSocketMode);
    const int bound = ::bind(fd.get(), reinterpret_cast<const sockaddr*>(&*a), sizeof *a);
    ::umask(previous);
    if (bound != 0) return unexpected(failure("cannot bind", path));
    struct stat st {};
    if (::chmod(path.c_str(), kSocketMode) != 0 || ::stat(path.c_str(), &st) != 0 || ::listen(fd.get(), kBacklog) != 0) {
        const std::string why = failure("cannot set up", path);
        ::unlink(path.c_str());
        return unexpected(why);
    }
    return UnixListener(path, std::move(fd), st.st_dev, st.st_ino);
}

UnixListener::~UnixListener() {
    if (path_.empty()) return;
    // Only our own socket: another server may have taken the path since.
    struct stat st {};
    if (::lstat(path_.c_str(), &st) == 0 && st.st_dev == dev_ && st.st_ino == ino_) ::unlink(path_.c_str());
}

}  // namespace turn::server
