// RFC 6062 TCP allocations on one worker thread: relay::TcpTransport over
// PeerSockets (relayed addresses, peer connections), the thread's
// StreamServer (client data connections) and SpliceSet (bound pairs). Other
// workers are reached only through their queues (worker_message.hpp).
//
// A ConnectionBind may arrive on any worker (SO_REUSEPORT): the peer
// connection, a plain TCP socket, moves to the data connection's thread,
// never the other way round, so a TLS session (SSL state, bufferevent, bytes
// already decrypted) stays on the thread that accepted it. The allocation's
// thread keeps the bookkeeping and tells the splicing thread when to close.
#pragma once

#include <memory>

#include "relay/relay_core.hpp"
#include "server/logger.hpp"
#include "server/stream_server.hpp"
#include "server/tcp_peer_sockets.hpp"
#include "server/tcp_splice.hpp"
#include "server/worker_queue.hpp"

namespace turn::server {

class TcpRelay final : public relay::TcpTransport {
public:
    TcpRelay(event_base* base, std::size_t worker, std::shared_ptr<WorkerMailboxes> mailboxes,
             StreamServer& streams, Logger& log, SpliceLimits limits = {});
    TcpRelay(const TcpRelay&) = delete;
    TcpRelay& operator=(const TcpRelay&) = delete;

    void attach(relay::RelayCore* core);
    // A message from this worker's queue, on this worker's thread.
    void on_message(TcpRelayMessage& m);

    Result<relay::RelaySocket, relay::OpenError> listen_relay(const proto::TransportAddress& local,
                                                              relay::Allocation* owner) override;
    void close_listener(relay::RelaySocket s) override { peers_.close_listener(s); }
    bool connect_peer(relay::TcpConnectionId id, const proto::TransportAddress& local,
                      const proto::TransportAddress& peer) override;
    void close_peer(relay::TcpConnectionId id) override { peers_.close(id); }
    void hold_client(const relay::ClientKey& data_client) override { streams_.hold(data_client); }
    void forward_bind(const relay::BindTicket& t) override { post(t.owner_worker, BindForward{t}); }
    bool hand_over(const relay::BindTicket& t) override;
    void refuse_bind(const relay::BindTicket& t, proto::StunError error) override {
        post(t.origin_worker, BindRefused{t, error});
    }
    void close_bound(relay::TcpConnectionId id, std::size_t worker) override { post(worker, CloseSplice{id}); }

    std::size_t splices() const { return splices_.size(); }
    const SpliceCounters& splice_counters() const { return splices_.counters(); }

private:
    void post(std::size_t worker, TcpRelayMessage m) { mailboxes_->at(worker).post(WorkerMessage{std::move(m)}); }
    void on_handover(PeerHandover& m);
    void on_refused(const BindRefused& m);

    std::size_t worker_;
    std::shared_ptr<WorkerMailboxes> mailboxes_;
    StreamServer& streams_;
    Logger& log_;
    relay::RelayCore* core_ = nullptr;
    PeerSockets peers_;
    SpliceSet splices_;
};

}  // namespace turn::server
