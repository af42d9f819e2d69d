// At most one log line per interval for a condition that can recur at
// request rate (out of descriptors, a connection limit): the first time is
// logged at once, repeats wait for the interval to pass.
#pragma once

#include <chrono>

namespace turn::server {

class LogThrottle {
public:
    explicit LogThrottle(std::chrono::steady_clock::duration interval) : interval_(interval) {}

    // True when a line may be written now (and counts it as written).
    bool due() {
        const auto now = std::chrono::steady_clock::now();
        if (logged_ && now - at_ < interval_) return false;
        logged_ = true;
        at_ = now;
        return true;
    }

private:
    std::chrono::steady_clock::duration interval_;
    std::chrono::steady_clock::time_point at_{};
    bool logged_ = false;
};

}  // namespace turn::server
