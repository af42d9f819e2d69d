// max-bps: a token bucket per direction per allocation, as coturn treats
// input and output separately. A second's worth of bytes is the burst; what
// exceeds it is dropped (UDP has no back-pressure to apply).
#pragma once

#include <algorithm>
#include <cstdint>

#include "relay/clock.hpp"

namespace turn::relay {

class TokenBucket {
public:
    // `rate` bytes per second; 0 disables the limit.
    bool allow(std::uint64_t rate, Millis now, std::size_t bytes) {
        if (rate == 0) return true;
        const Millis elapsed = std::max<Millis>(0, now - last_);
        last_ = now;
        tokens_ = std::min<std::uint64_t>(rate, tokens_ + rate * static_cast<std::uint64_t>(elapsed) / 1000);
        if (tokens_ < bytes) return false;
        tokens_ -= bytes;
        return true;
    }

    // A new bucket starts full.
    void start(std::uint64_t rate, Millis now) {
        tokens_ = rate;
        last_ = now;
    }

private:
    std::uint64_t tokens_ = 0;
    Millis last_ = 0;
};

}  // namespace turn::relay
