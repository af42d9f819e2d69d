// The benchmark as a sequence of phases. Every phase runs against each target
// in turn before the next phase starts, so slow drift on a shared machine
// touches both servers alike.
#pragma once

#include "bench/loadgen/options.hpp"
#include "bench/loadgen/report.hpp"

namespace turn::bench {

// Runs every phase and fills `report`; false if a setup step failed (the
// reason is on stderr).
bool run_suite(const Options& o, Report& report);

}  // namespace turn::bench
