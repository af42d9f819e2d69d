// accept(2) with a full descriptor table fails with EMFILE (or ENFILE) but
// leaves the connection queued, so the listener stays readable and a
// level-triggered loop calls accept again at once: a core spent spinning,
// and a warning per spin. A descriptor kept in reserve lets the server take
// that connection off the queue and close it (the client sees a reset
// rather than a hang), and the warning comes at most every 10 seconds with
// the number of connections refused since the last one.
#pragma once

#include <cstdint>
#include <string>

#include "server/log_throttle.hpp"
#include "server/logger.hpp"
#include "server/udp_socket.hpp"

namespace turn::server {

class AcceptOverflow {
public:
    // `what` names the listeners in the warning ("TCP", "TCP relay", "HTTP").
    AcceptOverflow(std::string what, Logger& log);

    // After accept() on `listener` failed with `err`: when the table was
    // full, sheds one queued connection and returns true; false for any
    // other error (left to the caller).
    bool handle(int listener, int err);
    std::uint64_t refused() const { return refused_; }

private:
    std::string what_;
    Logger& log_;
    Fd reserve_;
    std::uint64_t refused_ = 0;
    std::uint64_t refused_logged_ = 0;
    LogThrottle throttle_{std::chrono::seconds(10)};
};

}  // namespace turn::server
