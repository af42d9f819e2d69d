// The measured data-path phases: ChannelData through the relay in one
// direction, either paced at a fixed rate (to compare CPU per packet below
// saturation) or as fast as the client can (to find the delivered rate).
#pragma once

#include <cstdint>

#include "bench/loadgen/proc_stats.hpp"
#include "bench/loadgen/target.hpp"

namespace turn::bench {

enum class Direction : std::uint8_t {
    ClientToPeer,  // ChannelData from client sockets, relayed to the peer socket
    PeerToClient,  // datagrams from the peer to relayed addresses, relayed back as ChannelData
};

struct TrafficSpec {
    Direction dir = Direction::ClientToPeer;
    std::size_t flows = 8;   // the first `flows` of the target's flows, taken in turn
    std::size_t burst = 32;  // packets per flow per turn
    double rate = 0;         // packets per second; 0: as fast as the client can
    double seconds = 4;
    std::size_t payload = 160;
    std::uint32_t phase = 0;  // stamped into every packet
};

struct TrafficResult {
    std::uint64_t sent = 0;            // taken by the kernel
    std::uint64_t received = 0;        // valid stamps of this phase, by the end of the drain
    std::uint64_t received_in_window = 0;  // by the end of the send interval
    double send_seconds = 0;
    double total_seconds = 0;  // send interval plus drain: the CPU window
    CpuSample cpu_before, cpu_after;
    UdpDrops drops_before, drops_after;
};

TrafficResult run_traffic(Target& t, const TrafficSpec& spec);

}  // namespace turn::bench
