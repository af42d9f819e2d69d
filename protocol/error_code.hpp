// STUN/TURN error codes by name, so handlers say StunError::AllocationMismatch
// and never a bare 437.
#pragma once

#include <cstdint>
#include <string_view>

namespace turn::proto {

enum class StunError : std::uint16_t {
    TryAlternate = 300,                    // RFC 8489 §14.8
    BadRequest = 400,
    Unauthorized = 401,
    Forbidden = 403,                       // RFC 8656 §19
    MobilityForbidden = 405,               // RFC 8016 §3.2
    UnknownAttribute = 420,
    AllocationMismatch = 437,              // RFC 8656 §19
    StaleNonce = 438,
    AddressFamilyNotSupported = 440,       // RFC 8656 §19 (RFC 6156)
    WrongCredentials = 441,
    UnsupportedTransportProtocol = 442,
    PeerAddressFamilyMismatch = 443,
    ConnectionAlreadyExists = 446,         // RFC 6062 §6.3
    ConnectionTimeoutOrFailure = 447,
    AllocationQuotaReached = 486,          // RFC 8656 §19
    RoleConflict = 487,                    // RFC 8445 (ICE)
    ServerError = 500,
    InsufficientCapacity = 508,            // RFC 8656 §19
};

// The recommended reason phrase; "Unknown error" for codes outside the table.
std::string_view reason_phrase(std::uint16_t code);
inline std::string_view reason_phrase(StunError e) { return reason_phrase(static_cast<std::uint16_t>(e)); }

}  // namespace turn::proto
