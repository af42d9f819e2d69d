// What one worker thread sends another (DESIGN.md: work that crosses threads
// goes through the receiving thread's queue, never through shared state).
// So far the RFC 6062 ConnectionBind hand-over (relay/tcp_transport.hpp):
//
//   data connection's thread            allocation's thread
//   BindForward  ---------------------->  checks the CONNECTION-ID
//                <----------------------  BindRefused (answer 400 or 438)
//                <----------------------  PeerHandover (answer, splice)
//   SpliceClosed ---------------------->  forgets the connection
//                <----------------------  CloseSplice (allocation freed)
#pragma once

#include <variant>

#include "relay/tcp_transport.hpp"
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

using WorkerMessage = std::variant<BindForward, BindRefused, PeerHandover, CloseSplice, SpliceClosed>;

}  // namespace turn::server
