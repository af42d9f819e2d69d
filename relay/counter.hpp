// Counters (and gauges) that one thread writes and any thread may read (the
// stop summary, metrics, admin listings), without locks on the packet path.
//
// Only the owning thread writes, so an increment is a relaxed load and a
// relaxed store: on x86 a plain add, no lock prefix and no fence, while a
// reader on another thread still sees whole values (no torn reads, no data
// race). Groups of per-thread counters are cache-line aligned
// (kCounterAlign) so two threads' counters never share a line.
#pragma once

#include <atomic>
#include <cstdint>

namespace turn::relay {

inline constexpr std::size_t kCounterAlign = 64;  // a cache line on x86-64 and most ARM64 cores

class Counter {
public:
    Counter() = default;
    Counter(std::uint64_t v) : v_(v) {}  // NOLINT(google-explicit-constructor): reads like a number
    Counter(const Counter& o) : v_(o.load()) {}
    Counter& operator=(const Counter& o) {
        v_.store(o.load(), std::memory_order_relaxed);
        return *this;
    }

    // Owner thread only.
    void add(std::uint64_t n) { v_.store(v_.load(std::memory_order_relaxed) + n, std::memory_order_relaxed); }
    Counter& operator+=(std::uint64_t n) {
        add(n);
        return *this;
    }
    Counter& operator++() {
        add(1);
        return *this;
    }
    // Owner thread only: a gauge's new value (one the owner recounts, such
    // as its live allocations, published for the metrics endpoint).
    void set(std::uint64_t v) { v_.store(v, std::memory_order_relaxed); }

    // Any thread.
    std::uint64_t load() const { return v_.load(std::memory_order_relaxed); }
    operator std::uint64_t() const { return load(); }  // NOLINT(google-explicit-constructor)

private:
    std::atomic<std::uint64_t> v_{0};
};

}  // namespace turn::relay
