// Phases about allocations rather than packets: creating and freeing flows,
// authenticated allocations per second, and resident memory per allocation.
#pragma once

#include <cstdint>

#include "bench/loadgen/control.hpp"
#include "bench/loadgen/target.hpp"

namespace turn::bench {

struct SetupResult {
    std::size_t done = 0;
    std::size_t failed = 0;
    std::uint16_t last_error = 0;  // an ERROR-CODE seen on a failure, for the message
};

// Appends `n` flows (allocation, ChannelBind to the target's peer, or with
// `own_peers` to a peer socket of each flow's own) to `out`.
SetupResult create_flows(Control& c, std::size_t n, std::vector<Flow>& out, bool own_peers = false);
// Frees every flow (Refresh, LIFETIME 0) and closes its socket; `flows` ends empty.
SetupResult release_flows(Control& c, std::vector<Flow>& flows);

struct AllocRateResult {
    SetupResult setup;
    double seconds = 0;
};

// Full 401 + authenticated Allocate, then Refresh 0, each on a fresh socket,
// with `window` in flight, for `seconds`.
AllocRateResult run_alloc_rate(Control& c, double seconds, std::size_t window);

struct MemoryResult {
    SetupResult setup;
    std::uint64_t rss_before_kib = 0;
    std::uint64_t rss_after_kib = 0;
    SetupResult released;
};

// VmRSS before and after holding `n` allocations, each with one permission and
// one channel (to the target's peer, or its own on targets with distinct
// peers); the allocations are freed again before returning.
MemoryResult run_memory(Control& c, const Target& t, std::size_t n);

}  // namespace turn::bench
