// Time as the relay sees it: monotonic milliseconds from an injected clock, so
// tests advance a fake clock instead of sleeping (DESIGN.md).
#pragma once

#include <cstdint>

namespace turn::relay {

using Millis = std::int64_t;

inline constexpr Millis seconds(std::int64_t s) { return s * 1000; }

class Clock {
public:
    virtual ~Clock() = default;
    virtual Millis now() const = 0;       // monotonic, for lifetimes
    virtual std::int64_t unix_seconds() const = 0;  // wall clock, for nonces and REST expiry
};

}  // namespace turn::relay
