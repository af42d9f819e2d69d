#include "server/accept_overflow.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace turn::server {
namespace {

Fd open_reserve() { return Fd(::open("/dev/null", O_RDONLY | O_CLOEXEC)); }

}  // namespace

AcceptOverflow::AcceptOverflow(std::string what, Logger& log)
    : what_(std::move(what)), log_(log), reserve_(open_reserve()) {}

bool AcceptOverflow::handle(int listener, int err) {
    if (err != EMFILE && err != ENFILE) return false;
    // The reserve frees one slot for the accept, and is taken back at once.
    reserve_ = Fd();
    const int shed = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
    if (shed >= 0) {
        ::close(shed);
        ++refused_;
    }
    reserve_ = open_reserve();
    if (throttle_.due()) {
        log_.warning(what_ + " accept: out of file descriptors, " + std::to_string(refused_ - refused_logged_) +
                     " connection(s) refused (raise RLIMIT_NOFILE: LimitNOFILE= in the systemd unit, ulimit -n)");
        refused_logged_ = refused_;
    }
    return true;
}

}  // namespace turn::server
