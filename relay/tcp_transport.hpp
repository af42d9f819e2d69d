// What the relay core needs from the network for RFC 6062 TCP allocations,
// beside Transport: the relayed address as a listening socket, peer
// connections, and the hand-over of a ConnectionBind between the worker
// thread its data connection arrived on and the one owning the allocation.
//
// How a bind crosses threads: the data connection's thread authenticates
// the ConnectionBind and forwards a BindTicket to the owner (named by the
// CONNECTION-ID, see connection_id.hpp); the owner checks it against its
// table, and the NONCE against both the data and the control connection
// (clients reuse the control connection's nonce, which is bound to that
// connection's address), and either refuses it or hands the peer
// connection's socket over.
// The data connection's thread then answers and splices the two, so a TLS
// session never changes threads: only a plain TCP peer socket does.
#pragma once

#include <cstdint>
#include <string>

#include "protocol/error_code.hpp"
#include "protocol/result.hpp"
#include "protocol/transport_address.hpp"
#include "relay/connection_id.hpp"
#include "relay/reply_to.hpp"
#include "relay/transport.hpp"

namespace turn::relay {

// A ConnectionBind on its way between threads, and back.
struct BindTicket {
    TcpConnectionId id = 0;
    std::size_t owner_worker = 0;   // holds the allocation and the peer connection
    std::size_t origin_worker = 0;  // received the ConnectionBind on the data connection
    ClientKey data_client;          // the data connection (on origin_worker)
    ReplyTo reply;                  // answers the ConnectionBind, on origin_worker
    std::string username;           // who sent it: only the allocation's user may bind
    std::string nonce;              // checked by the owner (see above)
    std::uint64_t max_bps = 0;      // the allocation's max-bps, for the spliced pair
};

class TcpTransport {
public:
    virtual ~TcpTransport() = default;

    // RFC 6062 §5.1: a TCP socket listening on `local`; peers that connect
    // are reported through RelayCore::on_peer_accepted(*owner, ...).
    virtual Result<RelaySocket, OpenError> listen_relay(const proto::TransportAddress& local, Allocation* owner) = 0;
    virtual void close_listener(RelaySocket s) = 0;

    // §5.2: a connection from `local` (the relayed address) to `peer`,
    // reported through RelayCore::on_peer_connected(id, ...); false if it
    // failed at once.
    virtual bool connect_peer(TcpConnectionId id, const proto::TransportAddress& local,
                              const proto::TransportAddress& peer) = 0;
    // A peer connection that is connecting or waits for its ConnectionBind.
    virtual void close_peer(TcpConnectionId id) = 0;

    // §5.4 on the data connection's thread: read nothing more from it (what
    // follows the ConnectionBind is data, not STUN) and ask the owner.
    virtual void hold_client(const ClientKey& data_client) = 0;
    virtual void forward_bind(const BindTicket& t) = 0;

    // §5.4 on the owner's thread: the peer connection goes to
    // t.origin_worker, which answers success and splices (false: no such
    // peer socket); or the bind is refused there with `error` (400, or 438
    // for a nonce neither connection was given).
    virtual bool hand_over(const BindTicket& t) = 0;
    virtual void refuse_bind(const BindTicket& t, proto::StunError error) = 0;

    // §5.5: the allocation is gone; the pair spliced on `worker` closes.
    virtual void close_bound(TcpConnectionId id, std::size_t worker) = 0;
};

}  // namespace turn::relay
