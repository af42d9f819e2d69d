// Traffic on a sample of held allocations, both directions at once, paced:
// client -> relay -> peer as ChannelData from the flows' own sockets, and
// peer -> relay -> client as datagrams from one peer socket to the relayed
// addresses. Every packet carries a stamp (bench/loadgen/payload.hpp), so
// the receiving side counts what arrived and how long it took.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "bench/loadgen/target.hpp"

namespace turn::bench {

struct HoldSpec {
    double rate = 2500;        // packets per second, both directions together
    double seconds = 60;
    std::size_t payload = 160;  // bytes after the ChannelData header
};

struct DirectionTally {
    std::uint64_t sent = 0;      // taken by the kernel
    std::uint64_t refused = 0;   // the client's own socket buffer was full (not the server's doing)
    std::uint64_t received = 0;  // stamps of this run that arrived, by the end of the drain
    std::vector<std::uint32_t> latency_us;  // one per received packet
};

struct HoldResult {
    DirectionTally to_peer;
    DirectionTally to_client;
    double seconds = 0;  // the send interval as it ran
};

// `flows` (each with channel kChannel bound to `peer_addr`) send and receive;
// `peer` is the socket at `peer_addr`.
HoldResult run_hold_traffic(std::span<Flow> flows, int peer, const HoldSpec& spec);

// The p-th percentile (0..100) of `v`, which it sorts; 0 for none.
std::uint32_t percentile(std::vector<std::uint32_t>& v, double p);

}  // namespace turn::bench
