// What one worker thread sends another (DESIGN.md: work that crosses threads
// goes through the receiving thread's queue, never through shared state):
// the RFC 6062 ConnectionBind hand-over (relay/tcp_transport.hpp), RFC 8016
// mobility (relay/mobility_transport.hpp), and the control thread's requests
// (turnctl, drain, reload; admin_messages.hpp).
//
// ConnectionBind:
//
//   data connection's thread            allocation's thread
//   BindForward  ---------------------->  checks the CONNECTION-ID
//                <----------------------  BindRefused (answer 400 or 438)
//                <----------------------  PeerHandover (answer, splice)
//   SpliceClosed ---------------------->  forgets the connection
//                <----------------------  CloseSplice (allocation freed)
#pragma once

#include <memory>
#include <variant>
#include <vector>

#include "relay/allocation.hpp"
#include "relay/mobility_transport.hpp"
#include "relay/tcp_transport.hpp"
#include "server/admin_messages.hpp"
#include "server/udp_socket.hpp"

namespace turn::server {

struct BindForward {
    relay::BindTicket ticket;
};
struct BindRefused {
    relay::BindTicket ticket;
    proto::StunError error;
};
struct PeerHandover {
    relay::BindTicket ticket;
    Fd peer;  // the peer data connection, unread since it was accepted or connected
};
struct CloseSplice {
    relay::TcpConnectionId id;
};
struct SpliceClosed {
    relay::TcpConnectionId id;
};

using TcpRelayMessage = std::variant<BindForward, BindRefused, PeerHandover, CloseSplice, SpliceClosed>;

// Mobility: a Refresh with a MOBILITY-TICKET from a new 5-tuple.
//
//   Refresh's thread (origin)             allocation's thread (owner)
//   MoveForward  ---------------------->  checks the ticket against the allocation
//                <----------------------  MoveRefused (answer 437, 441 or 443)
//                <----------------------  AllocationHandover (adopt, answer)
//
// Then, while the handoff lasts (RFC 8016 §3.2, make-before-break):
//   the old 5-tuple's datagrams            new owner
//   arrive at the old owner: ClientDatagram ---->  served as from the old 5-tuple
//                <----------------------  DepartureEnded (the client is on the new one)
struct MoveForward {
    relay::MoveRequest request;
};
struct MoveRefused {
    relay::MoveRequest request;
    proto::StunError error;
};
struct AllocationHandover {
    AllocationHandover(relay::MoveRequest r, std::unique_ptr<relay::Allocation> a)
        : request(std::move(r)), allocation(std::move(a)) {}
    AllocationHandover(AllocationHandover&&) = default;
    AllocationHandover& operator=(AllocationHandover&&) = default;
    AllocationHandover(const AllocationHandover&) = delete;
    AllocationHandover& operator=(const AllocationHandover&) = delete;
    // Never delivered (the origin stopped first, at shutdown): its relay
    // sockets, which no loop watches, are closed with it.
    ~AllocationHandover();

    relay::MoveRequest request;
    std::unique_ptr<relay::Allocation> allocation;  // out of every table; relay sockets open, unwatched
};
struct ClientDatagram {
    relay::ClientKey from;
    std::vector<std::uint8_t> bytes;
};
struct DepartureEnded {
    relay::ClientKey old_client;
};
using MobilityMessage = std::variant<MoveForward, MoveRefused, AllocationHandover, ClientDatagram, DepartureEnded>;

using WorkerMessage = std::variant<TcpRelayMessage, MobilityMessage, AdminMessage>;

}  // namespace turn::server
