// RFC 8016 mobility across worker threads. A client whose address changed
// sends a Refresh with its MOBILITY-TICKET from a new 5-tuple, which
// SO_REUSEPORT may hand to any worker; the allocation moves to that worker
// (the new 5-tuple's, where all its packets will arrive from now on), so the
// per-packet path stays on one thread and takes no lock (DESIGN.md).
//
//   new 5-tuple's worker (origin)          allocation's worker (owner)
//   authenticates, checks the ticket's MAC
//   MoveRequest  ------------------------>  checks generation, user, family;
//                                           takes the allocation out of its
//                                           table and its relay sockets out
//                                           of its loop
//                <------------------------  the allocation (sockets still open)
//   adopts the sockets, answers success
//   with a fresh ticket
//                <------------------------  or: the error to answer (437, 441, 443)
//
// RFC 8016 §3.2 asks for make-before-break: until the client sends from its
// new 5-tuple, the old one is still served. Its datagrams still reach the
// old owner, which sends them on to the allocation's new thread
// (forward_datagram) for as long as the handoff lasts; peer data goes to
// the old 5-tuple from the new thread.
//
// Nothing is shared: the allocation, with its permissions, channels,
// counters and quota slot, changes hands as one object. When the owner is
// the origin, the same steps run without the queue.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "protocol/error_code.hpp"
#include "protocol/transport_address.hpp"
#include "relay/mobility_ticket.hpp"
#include "relay/transport.hpp"

namespace turn::relay {

struct Allocation;

// A Refresh with a ticket on its way from the origin to the owner.
struct MoveRequest {
    MobilityTicketFields ticket;     // names the owner, the allocation, the generation
    std::size_t origin_worker = 0;   // received the Refresh; the allocation goes there
    ClientKey new_client;            // the 5-tuple the allocation moves to
    std::string username;            // RFC 8656 §5: only the allocation's user may move it
    std::optional<proto::AddressFamily> family;  // REQUESTED-ADDRESS-FAMILY: 443 if the allocation lacks it
    std::uint32_t lifetime = 0;      // RFC 8656 §7.3, granted on arrival (0 deletes)
};

class MobilityTransport {
public:
    virtual ~MobilityTransport() = default;

    // On the origin: to RelayCore::on_move_request on the owner's thread.
    virtual void forward_move(const MoveRequest& m) = 0;
    // On the owner: RelayCore::on_move_refused(m, error) on the origin's thread.
    virtual void refuse_move(const MoveRequest& m, proto::StunError error) = 0;
    // On the owner: `a` (out of the owner's table, its relay sockets released
    // from the owner's loop but open) to RelayCore::on_allocation_arrived on
    // the origin's thread.
    virtual void hand_over(std::unique_ptr<Allocation> a, const MoveRequest& m) = 0;
    // On the old owner, during the handoff: a datagram from the allocation's
    // old 5-tuple (which SO_REUSEPORT still delivers here) to
    // RelayCore::on_forwarded_datagram on `worker`, copied.
    virtual void forward_datagram(std::size_t worker, const ClientKey& from, std::span<const std::uint8_t> bytes) = 0;
    // On the new owner, once the handoff ended: RelayCore::on_departure_ended
    // on `worker`, which stops sending datagrams from `old_client` on.
    virtual void end_departure(std::size_t worker, const ClientKey& old_client) = 0;
};

}  // namespace turn::relay
