// relay::Counter: written by its owner thread, read by any other.
#include <catch2/catch.hpp>

#include <thread>

#include "relay/counter.hpp"
#include "relay/relay_core.hpp"

using turn::relay::Counter;

TEST_CASE("a counter adds like a number and copies its value") {
    Counter c;
    ++c;
    c += 41;
    CHECK(c.load() == 42);
    Counter copy = c;
    ++c;
    CHECK(copy == 42);
    CHECK(c == 43);
}

TEST_CASE("a reader on another thread sees the owner's increments, never more") {
    Counter c;
    constexpr std::uint64_t kAdds = 200000;
    std::uint64_t last_seen = 0;
    bool monotonic = true;
    std::thread reader([&] {
        while (last_seen < kAdds) {
            const std::uint64_t v = c.load();
            if (v < last_seen || v > kAdds) monotonic = false;
            last_seen = v;
        }
    });
    for (std::uint64_t i = 0; i < kAdds; ++i) ++c;
    reader.join();
    CHECK(monotonic);
    CHECK(last_seen == kAdds);
}

TEST_CASE("per-thread counter groups start on their own cache line") {
    // Two threads' groups side by side never share a line (no false sharing).
    CHECK(alignof(turn::relay::CoreCounters) == turn::relay::kCounterAlign);
    CHECK(sizeof(turn::relay::CoreCounters) % turn::relay::kCounterAlign == 0);
    // A per-allocation counter costs no more than a plain integer.
    CHECK(sizeof(Counter) == sizeof(std::uint64_t));
}
