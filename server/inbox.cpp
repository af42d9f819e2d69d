#include "server/inbox.hpp"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cstdint>
#include <stdexcept>

namespace turn::server {

Wakeup::Wakeup() : event_(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
    if (!event_) throw std::runtime_error("cannot create a thread's wake-up eventfd");
}

void Wakeup::wake() {
    const std::uint64_t one = 1;
    // write() on an eventfd cannot fail short of the counter overflowing,
    // which one wake-up per batch or stop cannot do.
    (void)!::write(event_.get(), &one, sizeof one);
}

void Wakeup::reset() {
    std::uint64_t count = 0;
    (void)!::read(event_.get(), &count, sizeof count);
}

}  // namespace turn::server
