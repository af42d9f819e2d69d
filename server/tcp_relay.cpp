#include "server/tcp_relay.hpp"

#include <cstdio>

#include "server/overloaded.hpp"

namespace turn::server {

namespace {

std::string hex(relay::TcpConnectionId id) {
    char out[9];
    std::snprintf(out, sizeof out, "%08x", id);
    return out;
}

}  // namespace

TcpRelay::TcpRelay(event_base* base, std::size_t worker, std::shared_ptr<WorkerMailboxes> mailboxes,
                   StreamServer& streams, Logger& log, SpliceLimits limits)
    : worker_(worker),
      mailboxes_(std::move(mailboxes)),
      streams_(streams),
      log_(log),
      peers_(base, log),
      splices_(base, limits, [this](relay::TcpConnectionId id, std::size_t owner) { post(owner, SpliceClosed{id}); }) {}

void TcpRelay::attach(relay::RelayCore* core) {
    core_ = core;
    peers_.attach(core);
}

Result<relay::RelaySocket, relay::OpenError> TcpRelay::listen_relay(const proto::TransportAddress& local,
                                                                    relay::Allocation* owner) {
    return peers_.listen(local, owner);
}

bool TcpRelay::connect_peer(relay::TcpConnectionId id, const proto::TransportAddress& local,
                            const proto::TransportAddress& peer) {
    return peers_.connect(id, local, peer);
}

bool TcpRelay::hand_over(const relay::BindTicket& t) {
    Fd peer = peers_.take(t.id);
    if (!peer) return false;
    post(t.origin_worker, PeerHandover{t, std::move(peer)});
    return true;
}

void TcpRelay::on_message(TcpRelayMessage& message) {
    if (core_ == nullptr) return;
    std::visit(Overloaded{
                   [this](BindForward& m) { core_->on_bind_request(std::move(m.ticket)); },
                   [this](BindRefused& m) { on_refused(m); },
                   [this](PeerHandover& m) { on_handover(m); },
                   [this](CloseSplice& m) { splices_.close(m.id); },
                   [this](SpliceClosed& m) { core_->on_tcp_connection_closed(m.id); },
               },
               message);
}

void TcpRelay::on_refused(const BindRefused& m) {
    // RFC 6062 §5.4: no such pending connection is a 400; the connection
    // stays an ordinary client connection, and may try again.
    core_->answer_bind(m.ticket, m.error);
    streams_.release(m.ticket.data_client);
}

void TcpRelay::on_handover(PeerHandover& m) {
    const relay::BindTicket& t = m.ticket;
    // The success response goes out first, then the connection is raw data.
    core_->answer_bind(t, std::nullopt);
    bufferevent* client = streams_.detach(t.data_client);
    if (client == nullptr || !splices_.start(t.id, t.owner_worker, client, std::move(m.peer), t.max_bps)) {
        // The data connection went away while the bind was in flight.
        post(t.owner_worker, SpliceClosed{t.id});
        return;
    }
    log_.debug("TCP relay: connection " + hex(t.id) + " bound on worker " + std::to_string(worker_) +
               " (allocation on worker " + std::to_string(t.owner_worker) + ")");
}

}  // namespace turn::server
