// Flows on turn_floor (bench/forwarder/): a client socket per flow that says
// HELLO with its peer and learns its relay address, the floor's stand-in for
// Allocate and ChannelBind (bench/forwarder/setup_message.hpp).
#pragma once

#include <string>

#include "bench/loadgen/allocations.hpp"
#include "bench/loadgen/target.hpp"

namespace turn::bench {

struct FloorSetupResult {
    SetupResult counts;
    std::string last_error;  // the floor's FLOOR-ERROR reason, or "no answer"
};

// Appends `n` flows to t.flows. The floor keeps flows until it exits, so
// there is nothing to free: closing the sockets is the end of them.
FloorSetupResult create_floor_flows(Target& t, std::size_t n);

}  // namespace turn::bench
