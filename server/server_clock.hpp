// The real clock behind relay::Clock. Coarse clocks: a few milliseconds of
// resolution are plenty for lifetimes, and they cost no system call.
#pragma once

#include <ctime>

#include "relay/clock.hpp"

namespace turn::server {

class ServerClock final : public relay::Clock {
public:
    relay::Millis now() const override {
        timespec ts{};
        clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
        return static_cast<relay::Millis>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
    }
    std::int64_t unix_seconds() const override {
        timespec ts{};
        clock_gettime(CLOCK_REALTIME_COARSE, &ts);
        return ts.tv_sec;
    }
};

}  // namespace turn::server
