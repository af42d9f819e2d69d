// What one worker thread sends another (DESIGN.md: work that crosses threads
// goes through the receiving thread's queue, never through shared state):
// the RFC 6062 ConnectionBind hand-over (relay/tcp_transport.hpp), and the
// control thread's requests (turnctl, drain, reload; admin_messages.hpp).
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

#include <variant>

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

using WorkerMessage = std::variant<TcpRelayMessage, AdminMessage>;

}  // namespace turn::server
