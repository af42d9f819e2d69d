// What GET /metrics answers: every worker's counters and published gauges
// (worker_stats.hpp) and the relay port pools, in the Prometheus text format.
//
// Names: coturn's where coturn has the metric (stun_binding_*, turn_traffic_*,
// turn_total_traffic_*, turn_total_allocations{type}), so its dashboards keep
// working; turn_* names of our own for the rest. One difference: coturn adds
// a session's traffic to turn_traffic_* when the session ends, ours counts
// live allocations too (as their worker last published them, at most a
// second ago), so the counters move during a long call.
//
// Reading takes no lock the relay threads take (the port pools' free counts
// are atomics too), except, with prometheus-username-labels, each worker's
// UserTrafficBoard mutex, which its worker takes once a second.
#pragma once

#include <string>
#include <vector>

#include "relay/port_pool.hpp"
#include "server/worker_stats.hpp"

namespace turn::server {

struct RelayPortPool {
    std::string relay_ip;
    const relay::PortPool* pool = nullptr;
};

struct MetricsSources {
    std::vector<WorkerStats> workers;
    std::vector<RelayPortPool> pools;
    std::string realm;             // coturn's realm label on turn_traffic_*
    bool username_labels = false;  // prometheus-username-labels: a user label too
};

std::string render_metrics(const MetricsSources& sources);

}  // namespace turn::server
