// What one worker publishes for the metrics endpoint, read from the metrics
// thread without locks and without touching the worker's own structures.
//
// Counters (CoreCounters, IoCounters, ...) are written by the worker as it
// goes and read as they are (relay/counter.hpp). Gauges that live in the
// worker's non-atomic tables (allocations, permissions, channels) and the
// traffic of live allocations are recounted by the worker itself once per
// sweep (every second) into WorkerGauges. Per-user traffic, only with
// prometheus-username-labels, is a map: the worker hands a fresh copy to a
// UserTrafficBoard once per sweep, under a mutex the packet path never takes.
#pragma once

#include <array>
#include <cstddef>
#include <mutex>
#include <string_view>

#include "relay/counter.hpp"
#include "relay/relay_core.hpp"
#include "relay/user_traffic.hpp"
#include "server/dtls_server.hpp"
#include "server/stream_server.hpp"
#include "server/tcp_splice.hpp"
#include "server/udp_batch.hpp"

namespace turn::server {

// The client transports allocations are counted by, with coturn's names
// (its turn_total_allocations{type=...} labels).
enum class ClientTransport : std::uint8_t { Udp, Tcp, Tls, Dtls };
inline constexpr std::size_t kClientTransports = 4;
std::string_view client_transport_name(ClientTransport t);

struct alignas(relay::kCounterAlign) WorkerGauges {
    relay::Counter allocations;
    std::array<relay::Counter, kClientTransports> allocations_by_transport;
    relay::Counter permissions;
    relay::Counter channels;
    relay::Counter tcp_relay_connections;  // RFC 6062 peer connections
    relay::Counter stream_clients;         // TCP and TLS client connections
    relay::Counter draining;               // 1 once turnctl drain reached this worker
    // This thread's traffic, freed allocations and live ones, as of the sweep.
    relay::Counter packets_to_peer;
    relay::Counter bytes_to_peer;
    relay::Counter packets_to_client;
    relay::Counter bytes_to_client;
    relay::Counter dropped_over_bandwidth;

    void publish_traffic(const relay::TrafficTotals& t);
};

class UserTrafficBoard {
public:
    // The worker, once per sweep.
    void publish(relay::TrafficByUser totals);
    // The metrics thread.
    relay::TrafficByUser snapshot() const;

private:
    mutable std::mutex mu_;
    relay::TrafficByUser totals_;  // guarded by mu_
};

// Read-only pointers into one worker, valid while the worker exists.
struct WorkerStats {
    std::size_t index = 0;
    const relay::CoreCounters* core = nullptr;
    const IoCounters* io = nullptr;
    const StreamCounters* streams = nullptr;
    const DtlsCounters* dtls = nullptr;  // null without DTLS listeners
    const SpliceCounters* splices = nullptr;
    const WorkerGauges* gauges = nullptr;
    const UserTrafficBoard* users = nullptr;  // null unless prometheus-username-labels
};

}  // namespace turn::server
