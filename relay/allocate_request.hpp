// What an Allocate request asks for (RFC 8656 §7.2), once its attributes
// check out: the relayed address family or families, the port wishes, a
// reservation token. Only the checks that need no server state; which
// families the server can relay is the core's business.
#pragma once

#include <optional>

#include "protocol/error_code.hpp"
#include "protocol/message.hpp"
#include "protocol/result.hpp"
#include "relay/port_pool.hpp"

namespace turn::relay {

struct PortWish {
    bool even = false;           // EVEN-PORT
    bool reserve_next = false;   // its R bit: hold the next port under a token
    bool dont_fragment = false;  // DONT-FRAGMENT
};

struct AllocateAsk {
    // REQUESTED-TRANSPORT TCP: an RFC 6062 allocation (the core checks the rest).
    bool tcp = false;
    // REQUESTED-ADDRESS-FAMILY; IPv4 without it (RFC 8656 §7.2).
    proto::AddressFamily family = proto::AddressFamily::IPv4;
    // ADDITIONAL-ADDRESS-FAMILY (IPv6): an IPv4 and an IPv6 relayed address.
    bool dual = false;
    // It came as coturn's type (0x8032): ADDRESS-ERROR-CODE goes back as
    // coturn's type too (0x8033), so coturn's clients understand it.
    bool coturn_types = false;
    std::optional<PortToken> token;  // RESERVATION-TOKEN: the reserved port, nothing else
    PortWish port;
};

// The error to answer with (400, 440, 442), or what the request asks for.
Result<AllocateAsk, proto::StunError> parse_allocate(const proto::StunMessage& m);

// A LIFETIME that is there but does not decode: Allocate and Refresh
// answer 400 rather than take it for a missing one (which, in a Refresh
// meant to delete, would keep the allocation alive).
bool lifetime_malformed(const proto::StunMessage& m);

}  // namespace turn::relay
