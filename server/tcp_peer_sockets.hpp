// The relay side of RFC 6062 TCP allocations on one worker thread: each TCP
// allocation's listening socket on its relayed address (§5.1, §5.3), the
// server's own connections to peers (§5.2), and peer data connections
// waiting for their ConnectionBind, by CONNECTION-ID.
//
// Peer sockets are never read here: what a peer sends before the bind waits
// in the kernel (the receive window is the buffer §5.2 and §5.3 ask for) and
// moves with the socket when it is handed to the data connection's thread.
#pragma once

#include <memory>
#include <unordered_map>

#include "relay/relay_core.hpp"
#include "server/accept_overflow.hpp"
#include "server/event_handles.hpp"
#include "server/logger.hpp"
#include "server/udp_socket.hpp"

namespace turn::server {

class PeerSockets {
public:
    PeerSockets(event_base* base, Logger& log) : base_(base), log_(log), overflow_("TCP relay", log) {}
    PeerSockets(const PeerSockets&) = delete;
    PeerSockets& operator=(const PeerSockets&) = delete;

    // Accepted and connected peers are reported to `core`.
    void attach(relay::RelayCore* core) { core_ = core; }

    Result<relay::RelaySocket, relay::OpenError> listen(const proto::TransportAddress& local, relay::Allocation* owner);
    void close_listener(relay::RelaySocket s) { listeners_.erase(s); }
    // Starts a connection from `local` to `peer`; its end is reported later
    // (never from within this call). False: it could not even start.
    bool connect(relay::TcpConnectionId id, const proto::TransportAddress& local, const proto::TransportAddress& peer);
    void close(relay::TcpConnectionId id) { peers_.erase(id); }
    // Takes a waiting peer connection out, for the hand-over; an empty Fd
    // if there is none.
    Fd take(relay::TcpConnectionId id);

    std::size_t listeners() const { return listeners_.size(); }
    std::size_t peers() const { return peers_.size(); }

private:
    struct ListenerEntry {
        PeerSockets* self;
        relay::Allocation* owner;
        Fd fd;
        EventPtr ev;
    };
    struct PeerEntry {
        PeerSockets* self;
        relay::TcpConnectionId id;
        Fd fd;
        EventPtr connecting;  // set while the connect is under way
    };

    static void accept_cb(evutil_socket_t fd, short what, void* arg);
    static void connected_cb(evutil_socket_t fd, short what, void* arg);
    void accept_from(ListenerEntry& l);
    void on_connected(PeerEntry& p);

    event_base* base_;
    Logger& log_;
    relay::RelayCore* core_ = nullptr;
    std::unordered_map<relay::RelaySocket, std::unique_ptr<ListenerEntry>> listeners_;
    std::unordered_map<relay::TcpConnectionId, std::unique_ptr<PeerEntry>> peers_;
    AcceptOverflow overflow_;
};

}  // namespace turn::server
