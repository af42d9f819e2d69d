// What the control thread (turnctl commands, drain, reload) asks a worker,
// and what the worker answers. Each request carries a `reply` callback that
// the worker calls on its own thread with a WorkerReport of plain values; the
// callback posts it to the control thread's inbox. No worker state is ever
// read from another thread.
//
//   control thread                       each worker
//   ListSessions / CancelSession ----->  looks at its own allocations
//   StartDraining / CountAllocations     refuses Allocate from now on / counts
//   ApplyLiveSettings                    swaps in new credentials and policy
//                <---------------------  WorkerReport (through `reply`)
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <variant>
#include <vector>

#include "relay/allocation_info.hpp"
#include "relay/live_settings.hpp"

namespace turn::server {

// One allocation as turnctl shows it.
struct SessionInfo {
    relay::AllocationInfo allocation;
    std::string_view transport;  // the client's: "UDP", "TCP", "TLS/TCP" or "DTLS" (coturn's names)
    std::size_t worker = 0;
};

struct WorkerReport {
    std::size_t worker = 0;
    std::size_t allocations = 0;        // on this worker, after the request
    std::vector<SessionInfo> sessions;  // ListSessions
    bool found = false;                 // CancelSession: this worker had it and freed it
};

inline std::size_t total_allocations(const std::vector<WorkerReport>& reports) {
    std::size_t n = 0;
    for (const auto& r : reports) n += r.allocations;
    return n;
}

using AdminReply = std::function<void(WorkerReport)>;

struct ListSessions {
    std::optional<std::uint64_t> id;  // nullopt: every session
    AdminReply reply;
};
struct CancelSession {
    std::uint64_t id;
    AdminReply reply;
};
struct StartDraining {
    AdminReply reply;
};
struct CountAllocations {
    AdminReply reply;
};
struct ApplyLiveSettings {
    relay::LiveSettings settings;
    AdminReply reply;
};

using AdminMessage = std::variant<ListSessions, CancelSession, StartDraining, CountAllocations, ApplyLiveSettings>;

}  // namespace turn::server
