// Round trip through the relay at a low rate: client -> relay -> peer, which
// echoes to the relayed address -> relay -> client.
#pragma once

#include <cstdint>
#include <vector>

#include "bench/loadgen/target.hpp"

namespace turn::bench {

struct RttResult {
    std::vector<std::uint64_t> samples_ns;  // sorted
    std::uint64_t sent = 0;
    std::uint64_t percentile(double p) const;
};

RttResult run_rtt(Target& t, double rate, double seconds, std::size_t payload, std::uint32_t phase);

}  // namespace turn::bench
