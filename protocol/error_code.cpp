#include "protocol/error_code.hpp"

namespace turn::proto {

std::string_view reason_phrase(std::uint16_t code) {
    switch (static_cast<StunError>(code)) {
        case StunError::TryAlternate: return "Try Alternate";
        case StunError::BadRequest: return "Bad Request";
        case StunError::Unauthorized: return "Unauthorized";
        case StunError::Forbidden: return "Forbidden";
        case StunError::MobilityForbidden: return "Mobility Forbidden";
        case StunError::UnknownAttribute: return "Unknown Attribute";
        case StunError::AllocationMismatch: return "Allocation Mismatch";
        case StunError::StaleNonce: return "Stale Nonce";
        case StunError::AddressFamilyNotSupported: return "Address Family not Supported";
        case StunError::WrongCredentials: return "Wrong Credentials";
        case StunError::UnsupportedTransportProtocol: return "Unsupported Transport Protocol";
        case StunError::PeerAddressFamilyMismatch: return "Peer Address Family Mismatch";
        case StunError::ConnectionAlreadyExists: return "Connection Already Exists";
        case StunError::ConnectionTimeoutOrFailure: return "Connection Timeout or Failure";
        case StunError::AllocationQuotaReached: return "Allocation Quota Reached";
        case StunError::RoleConflict: return "Role Conflict";
        case StunError::ServerError: return "Server Error";
        case StunError::InsufficientCapacity: return "Insufficient Capacity";
    }
    return "Unknown error";
}

}  // namespace turn::proto
