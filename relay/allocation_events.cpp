#include "relay/allocation_events.hpp"

namespace turn::relay {

std::string_view name_of(AllocationEventKind k) {
    switch (k) {
        case AllocationEventKind::Created: return "created";
        case AllocationEventKind::Refreshed: return "refreshed";
        case AllocationEventKind::Moved: return "moved";
        case AllocationEventKind::Deleted: return "deleted";
    }
    return "unknown";
}

std::string_view name_of(EndReason r) {
    switch (r) {
        case EndReason::None: return "none";
        case EndReason::ClientDeleted: return "client-deleted";
        case EndReason::Expired: return "expired";
        case EndReason::ClientGone: return "client-gone";
        case EndReason::Cancelled: return "cancelled";
        case EndReason::MoveFailed: return "move-failed";
        case EndReason::ServerStopped: return "server-stopped";
    }
    return "unknown";
}

}  // namespace turn::relay
