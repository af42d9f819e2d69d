// A token bucket: `rate` events per second on average, bursts of up to
// `burst` at once. Time is a parameter, so tests need no clock.
#pragma once

#include <algorithm>
#include <chrono>

namespace turn::signaling {

class RateLimiter {
public:
    using Clock = std::chrono::steady_clock;

    RateLimiter(double rate, double burst, Clock::time_point now) : rate_(rate), burst_(burst), tokens_(burst), last_(now) {}

    // Takes one token if there is one.
    bool allow(Clock::time_point now) {
        const std::chrono::duration<double> elapsed = now - last_;
        last_ = now;
        tokens_ = std::min(burst_, tokens_ + std::max(0.0, elapsed.count()) * rate_);
        if (tokens_ < 1.0) return false;
        tokens_ -= 1.0;
        return true;
    }

private:
    double rate_;
    double burst_;
    double tokens_;
    Clock::time_point last_;
};

}  // namespace turn::signaling
