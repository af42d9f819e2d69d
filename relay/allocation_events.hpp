// What happens to allocations, for the operator's log: one event when an
// allocation is created, refreshed, moved (RFC 8016) or deleted. The relay
// core reports; the server writes the lines (server/allocation_log.hpp).
// Events are per allocation, never per packet.
#pragma once

#include <cstdint>
#include <string_view>

#include "relay/allocation_info.hpp"

namespace turn::relay {

enum class AllocationEventKind : std::uint8_t { Created, Refreshed, Moved, Deleted };

// Why a deleted allocation ended.
enum class EndReason : std::uint8_t {
    None,           // not deleted
    ClientDeleted,  // Refresh with LIFETIME 0 (RFC 8656 §7.3)
    Expired,        // its lifetime ran out
    ClientGone,     // its TCP/TLS connection or DTLS session ended (RFC 8656 §5)
    Cancelled,      // an operator cancelled it (turnctl)
    MoveFailed,     // RFC 8016: its relay sockets could not be taken over
    ServerStopped,
};

std::string_view name_of(AllocationEventKind k);
std::string_view name_of(EndReason r);

struct AllocationEvent {
    AllocationEventKind kind = AllocationEventKind::Created;
    EndReason reason = EndReason::None;
    const AllocationInfo& allocation;  // as it is at the event (deleted: just before)
};

class AllocationEvents {
public:
    virtual ~AllocationEvents() = default;
    virtual void on_allocation_event(const AllocationEvent& e) = 0;
};

}  // namespace turn::relay
