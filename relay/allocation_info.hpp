// What a worker thread tells operators about its allocations: plain values
// copied on the owning thread, so they can travel to the control thread
// (turnctl sessions) or be published for the metrics endpoint.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "protocol/transport_address.hpp"
#include "relay/transport.hpp"

namespace turn::relay {

// Field by field, for TrafficTotals and relay::TrafficCounters alike.
template <class To, class From>
To& add_traffic(To& to, const From& from) {
    to.packets_to_peer += from.packets_to_peer;
    to.bytes_to_peer += from.bytes_to_peer;
    to.packets_to_client += from.packets_to_client;
    to.bytes_to_client += from.bytes_to_client;
    to.dropped_over_bandwidth += from.dropped_over_bandwidth;
    return to;
}

// Packets and bytes relayed, as plain numbers (TrafficCounters holds Counters).
struct TrafficTotals {
    std::uint64_t packets_to_peer = 0;
    std::uint64_t bytes_to_peer = 0;
    std::uint64_t packets_to_client = 0;
    std::uint64_t bytes_to_client = 0;
    std::uint64_t dropped_over_bandwidth = 0;

    TrafficTotals& operator+=(const TrafficTotals& o) { return add_traffic(*this, o); }
};

// One thread's totals at one moment.
struct Census {
    std::size_t allocations = 0;
    std::size_t permissions = 0;
    std::size_t channels = 0;  // live bindings
    TrafficTotals traffic;     // freed allocations and live ones
};

struct AllocationInfo {
    std::uint64_t id = 0;
    std::string username;  // empty without authentication
    ClientKey client;
    std::vector<proto::TransportAddress> relayed;  // as advertised, IPv4 first
    bool tcp = false;                              // an RFC 6062 TCP allocation
    std::int64_t age_seconds = 0;
    std::int64_t expires_in_seconds = 0;
    std::size_t permissions = 0;
    std::size_t channels = 0;
    TrafficTotals traffic;
};

}  // namespace turn::relay
