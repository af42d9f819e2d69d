// relay::TcpTransport without sockets or threads: records what the core asks
// for, so RFC 6062 handling is tested message by message (DESIGN.md).
#pragma once

#include <utility>
#include <vector>

#include "relay/tcp_transport.hpp"

namespace turn::relay::test {

class FakeTcpTransport final : public TcpTransport {
public:
    Result<RelaySocket, OpenError> listen_relay(const proto::TransportAddress&, Allocation* owner) override {
        if (fail_listen) return unexpected(OpenError::Failed);
        listeners.push_back(owner);
        return next_socket++;
    }
    void close_listener(RelaySocket s) override { closed_listeners.push_back(s); }
    bool connect_peer(TcpConnectionId id, const proto::TransportAddress&, const proto::TransportAddress& peer) override {
        connects.emplace_back(id, peer);
        return !fail_connect;
    }
    void close_peer(TcpConnectionId id) override { closed_peers.push_back(id); }
    void hold_client(const ClientKey& c) override { held.push_back(c); }
    void forward_bind(const BindTicket& t) override { forwarded.push_back(t); }
    bool hand_over(const BindTicket& t) override {
        handed.push_back(t);
        return !fail_hand_over;
    }
    void refuse_bind(const BindTicket& t, proto::StunError error) override {
        refused.push_back(t);
        refusals.push_back(error);
    }
    void close_bound(TcpConnectionId id, std::size_t worker) override { closed_bound.emplace_back(id, worker); }

    bool fail_listen = false;
    bool fail_connect = false;
    bool fail_hand_over = false;
    RelaySocket next_socket = 500;
    std::vector<Allocation*> listeners;
    std::vector<RelaySocket> closed_listeners;
    std::vector<std::pair<TcpConnectionId, proto::TransportAddress>> connects;
    std::vector<TcpConnectionId> closed_peers;
    std::vector<ClientKey> held;
    std::vector<BindTicket> forwarded;
    std::vector<BindTicket> handed;
    std::vector<BindTicket> refused;
    std::vector<proto::StunError> refusals;
    std::vector<std::pair<TcpConnectionId, std::size_t>> closed_bound;
};

}  // namespace turn::relay::test
