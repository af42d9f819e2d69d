#include "server/worker_stats.hpp"

namespace turn::server {

std::string_view client_transport_name(ClientTransport t) {
    switch (t) {
        case ClientTransport::Udp: return "UDP";
        case ClientTransport::Tcp: return "TCP";
        case ClientTransport::Tls: return "TLS/TCP";
        case ClientTransport::Dtls: return "DTLS";
    }
    return "UDP";
}

void WorkerGauges::publish_traffic(const relay::TrafficTotals& t) {
    packets_to_peer.set(t.packets_to_peer);
    bytes_to_peer.set(t.bytes_to_peer);
    packets_to_client.set(t.packets_to_client);
    bytes_to_client.set(t.bytes_to_client);
    dropped_over_bandwidth.set(t.dropped_over_bandwidth);
}

void UserTrafficBoard::publish(relay::TrafficByUser totals) {
    const std::lock_guard lock(mu_);
    totals_.swap(totals);
    // The old map is freed outside the lock, when `totals` goes.
}

relay::TrafficByUser UserTrafficBoard::snapshot() const {
    const std::lock_guard lock(mu_);
    return totals_;
}

}  // namespace turn::server
