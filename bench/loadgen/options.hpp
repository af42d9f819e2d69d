// Command line of turn_loadgen.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bench/loadgen/control.hpp"

namespace turn::bench {

struct TargetSpec {
    std::string name;
    std::string ip;
    std::uint16_t port = 0;
    pid_t pid = 0;
    std::uint16_t relay_min = 0, relay_max = 0;  // for attributing drops; optional
};

struct Options {
    std::vector<TargetSpec> targets;  // the first is "ours", the second the baseline of the ratio
    Credentials creds;
    double rate = 20000;        // fixed offered rate of the CPU phases, packets/s
    double seconds = 4;         // each fixed-rate phase
    std::size_t repeat = 5;     // rounds of each fixed-rate phase; the median and the least are reported
    double sat_seconds = 3;     // each saturation phase
    std::size_t payload = 160;  // bytes of application data per packet
    std::size_t burst = 32;
    std::size_t burst_flows = 8;
    std::size_t rr_flows = 400;
    double rtt_rate = 1000;
    double rtt_seconds = 3;
    double alloc_seconds = 3;
    std::size_t alloc_window = 32;
    std::size_t mem_allocs = 3000;
};

// nullopt after printing usage or the problem to stderr.
std::optional<Options> parse_options(int argc, char** argv);

}  // namespace turn::bench
