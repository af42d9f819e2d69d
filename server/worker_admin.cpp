// A worker's side of operations: the control thread's requests
// (admin_messages.hpp), answered from the worker's own thread, and the gauges
// it publishes for the metrics endpoint (worker_stats.hpp) once per sweep.
#include "server/overloaded.hpp"
#include "server/worker.hpp"

namespace turn::server {

WorkerStats Worker::stats() const {
    return {.index = index_,
            .core = &core_->counters(),
            .io = &io_,
            .streams = &streams_->counters(),
            .dtls = dtls_ ? &dtls_->counters() : nullptr,
            .splices = &tcp_->splice_counters(),
            .gauges = &gauges_,
            .users = users_.get()};
}

void Worker::track_users() {
    users_ = std::make_unique<UserTrafficBoard>();
    core_->track_users();
}

ClientTransport Worker::transport_of(const relay::ClientKey& client) const {
    if (client.is_stream()) {
        const auto arrival = streams_->arrival(client);
        return arrival && arrival->secure ? ClientTransport::Tls : ClientTransport::Tcp;
    }
    return client.is_dtls() ? ClientTransport::Dtls : ClientTransport::Udp;
}

std::vector<SessionInfo> Worker::sessions(std::optional<std::uint64_t> id) {
    std::vector<SessionInfo> out;
    for (auto& a : core_->list_allocations(id)) {
        const auto transport = client_transport_name(transport_of(a.client));
        out.push_back({std::move(a), transport, index_});
    }
    return out;
}

WorkerReport Worker::report() {
    WorkerReport r;
    r.worker = index_;
    r.allocations = core_->allocation_count();
    return r;
}

void Worker::on_admin(AdminMessage& message) {
    std::visit(Overloaded{
                   [this](ListSessions& m) {
                       WorkerReport r = report();
                       r.sessions = sessions(m.id);
                       m.reply(std::move(r));
                   },
                   [this](CancelSession& m) {
                       const bool found = core_->cancel(m.id);
                       // What the client sent this turn and the sockets closed
                       // leave with the next flush, as after an expiry.
                       WorkerReport r = report();
                       r.found = found;
                       m.reply(std::move(r));
                   },
                   [this](StartDraining& m) {
                       core_->set_draining(true);
                       gauges_.draining.set(1);
                       m.reply(report());
                   },
                   [this](CountAllocations& m) { m.reply(report()); },
                   [this](ApplyLiveSettings& m) {
                       core_->apply(std::move(m.settings));
                       m.reply(report());
                   },
               },
               message);
}

void Worker::publish_gauges() {
    std::array<std::uint64_t, kClientTransports> by_transport{};
    const relay::Census c =
        core_->census([&](const relay::ClientKey& k) { ++by_transport[static_cast<std::size_t>(transport_of(k))]; });
    gauges_.allocations.set(c.allocations);
    for (std::size_t i = 0; i < kClientTransports; ++i) gauges_.allocations_by_transport[i].set(by_transport[i]);
    gauges_.permissions.set(c.permissions);
    gauges_.channels.set(c.channels);
    gauges_.tcp_relay_connections.set(core_->tcp_connection_count());
    gauges_.stream_clients.set(streams_->connections());
    gauges_.publish_traffic(c.traffic);
    if (users_) users_->publish(core_->traffic_by_user());
}

}  // namespace turn::server
