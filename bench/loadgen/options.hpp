// Command line of turn_loadgen.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "bench/loadgen/control.hpp"
#include "bench/loadgen/target.hpp"

namespace turn::bench {

struct TargetSpec {
    std::string name;
    std::string ip;
    std::uint16_t port = 0;
    pid_t pid = 0;
    std::uint16_t relay_min = 0, relay_max = 0;  // for attributing drops; optional
    TargetKind kind = TargetKind::Turn;
    bool distinct_peers = false;
};

// The phases of the suite, in the order they run; --phases picks some.
enum class Phase : std::uint8_t { Memory, Allocs, Cpu, Saturation, Rtt };

struct Options {
    // The first is "ours", a TURN server; the ratios are it over each other one.
    std::vector<TargetSpec> targets;
    std::set<Phase> phases{Phase::Memory, Phase::Allocs, Phase::Cpu, Phase::Saturation, Phase::Rtt};
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

bool has_phase(const Options& o, Phase p);

}  // namespace turn::bench
