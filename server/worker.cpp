#include "server/worker.hpp"

#include <stdexcept>

#include "server/icmp_errors.hpp"

namespace turn::server {

Worker::Worker(std::size_t index, relay::SharedRelayState& shared, WorkerSockets sockets, StreamSettings streams,
               DtlsSettings dtls, std::shared_ptr<WorkerMailboxes> mailboxes, Logger& log)
    : index_(index),
      log_(log),
      base_(event_base_new()),
      listeners_(std::move(sockets.udp)),
      dtls_listeners_(std::move(sockets.dtls)),
      mailboxes_(std::move(mailboxes)),
      io_uring_(sockets.io_uring) {
    if (!base_) throw std::runtime_error("event_base_new failed");
    transport_ = std::make_unique<UdpTransport>(
        base_.get(), listeners_, [this](int fd, relay::Allocation* a) { on_relay(fd, a); }, io_, sockets.udp_gro);
    streams_ = std::make_unique<StreamServer>(base_.get(), std::move(sockets.stream), streams, log_);
    transport_->set_stream_sink(streams_.get());
    if (!dtls_listeners_.empty() && dtls.tls != nullptr) {
        dtls_ = std::make_unique<DtlsServer>(dtls_listeners_, dtls, clock_, io_, log_);
        transport_->set_dtls_sink(dtls_.get());
    }
    core_ = std::make_unique<relay::RelayCore>(shared, clock_, *transport_);
    allocation_log_ = std::make_unique<AllocationLog>(
        log_, index_, [this](const relay::ClientKey& c) { return client_transport_name(transport_of(c)); });
    core_->set_event_sink(allocation_log_.get());
    streams_->attach(core_.get(), [this] { end_of_turn(); });
    if (dtls_) dtls_->attach(core_.get());
    tcp_ = std::make_unique<TcpRelay>(base_.get(), index_, mailboxes_, *streams_, log_);
    tcp_->attach(core_.get());
    core_->attach_tcp(*tcp_, relay::ConnectionIdSpace(index_, mailboxes_->size()));
    mobility_ = std::make_unique<MobilityRelay>(index_, mailboxes_, log_);
    mobility_->attach(core_.get());
    for (std::size_t i = 0; i < listeners_.size(); ++i) watch(listeners_[i].fd.get(), i, false);
    if (dtls_)
        for (std::size_t i = 0; i < dtls_listeners_.size(); ++i) watch(dtls_listeners_[i].fd.get(), i, true);
    // One timer per thread sweeps every lifetime (DESIGN.md), not one per object.
    sweep_timer_.reset(event_new(base_.get(), -1, EV_PERSIST, &Worker::sweep_cb, this));
    const timeval second{1, 0};
    if (!sweep_timer_ || event_add(sweep_timer_.get(), &second) != 0)
        throw std::runtime_error("cannot start the sweep timer");
    // Other threads reach this loop through its queue's eventfd: messages
    // (worker_message.hpp) and the request to stop.
    wake_event_.reset(event_new(base_.get(), queue().fd(), EV_READ | EV_PERSIST, &Worker::wake_cb, this));
    if (!wake_event_ || event_add(wake_event_.get(), nullptr) != 0)
        throw std::runtime_error("cannot watch the worker's wake-up eventfd");
}

void Worker::watch(int fd, std::size_t index, bool dtls) {
    slots_.push_back(std::make_unique<ListenerSlot>(ListenerSlot{this, index, dtls}));
    EventPtr ev(event_new(base_.get(), fd, EV_READ | EV_PERSIST, &Worker::listener_cb, slots_.back().get()));
    if (!ev || event_add(ev.get(), nullptr) != 0) throw std::runtime_error("cannot watch a listener socket");
    listener_events_.push_back(std::move(ev));
}

Worker::~Worker() {
    join();
    // The core frees its allocations through the transports: it goes first.
    core_.reset();
    mobility_.reset();
    tcp_.reset();
    dtls_.reset();
    streams_.reset();
    transport_.reset();
}

void Worker::start() { thread_ = std::thread([this] { run(); }); }

void Worker::stop() {
    stopping_ = true;
    queue().wake();
}

void Worker::wake_cb(evutil_socket_t, short, void* arg) {
    auto* w = static_cast<Worker*>(arg);
    w->queue().drain([w](WorkerMessage& m) {
        if (auto* tcp = std::get_if<TcpRelayMessage>(&m)) return w->tcp_->on_message(*tcp);
        if (auto* mobility = std::get_if<MobilityMessage>(&m)) return w->mobility_->on_message(*mobility);
        w->on_admin(std::get<AdminMessage>(m));
    });
    if (w->stopping_) event_base_loopbreak(w->base_.get());
}

void Worker::join() {
    if (thread_.joinable()) thread_.join();
}

void Worker::run() {
    // The ring belongs to this thread (it alone submits), so it is made here.
    if (io_uring_) {
        if (auto r = transport_->use_io_uring(); !r)
            log_.warning("worker " + std::to_string(index_) + ": " + r.error() + "; sending without io_uring");
    }
    // One loop turn at a time, so everything the turn's callbacks queued
    // leaves in one flush (DESIGN.md: send in batches at the end of each turn).
    while (!stopping_) {
        if (event_base_loop(base_.get(), EVLOOP_ONCE) < 0) break;
        end_of_turn();
    }
    if (dtls_) log_.info("worker " + std::to_string(index_) + " " + dtls_->summary());
    // A summary, not a per-packet log (DESIGN.md): enough to tell that this
    // thread relayed at all (the browser test reads it).
    const auto traffic = core_->traffic_totals();
    log_.info("worker " + std::to_string(index_) + " stopped: " +
              std::to_string(core_->counters().allocations_created) + " allocations created, " +
              std::to_string(traffic.packets_to_peer) + " packets relayed to peers, " +
              std::to_string(traffic.packets_to_client) + " to clients, " + std::to_string(io_.gro_batches.load()) +
              " coalesced UDP receives split (UDP_GRO), " + tcp_relay_summary());
}

std::string Worker::tcp_relay_summary() const {
    const SpliceCounters& c = tcp_->splice_counters();
    return std::to_string(c.pairs) + " TCP relay connections bound (" + std::to_string(c.bytes_to_peer) +
           " bytes to peers, " + std::to_string(c.bytes_to_client) + " to clients)";
}

void Worker::end_of_turn() {
    core_->end_of_batch();
    pool_.reset();
}

void Worker::listener_cb(evutil_socket_t, short, void* arg) {
    auto* slot = static_cast<ListenerSlot*>(arg);
    if (slot->dtls) return slot->worker->on_dtls_listener(slot->index);
    slot->worker->on_listener(slot->index);
}

void Worker::sweep_cb(evutil_socket_t, short, void* arg) {
    auto* w = static_cast<Worker*>(arg);
    w->last_sweep_ = std::chrono::steady_clock::now().time_since_epoch().count();
    w->core_->sweep();
    if (w->dtls_) w->dtls_->sweep();
    w->report_descriptor_shortage();
    w->publish_gauges();
}

void Worker::report_descriptor_shortage() {
    const std::uint64_t failed = core_->counters().relay_sockets_no_descriptors;
    if (failed == no_descriptors_reported_ || !shortage_log_.due()) return;
    log_.warning("worker " + std::to_string(index_) + ": out of file descriptors, " +
                 std::to_string(failed - no_descriptors_reported_) + " relay socket(s) not opened (their Allocate got 508); " +
                 std::to_string(core_->allocation_count()) +
                 " allocations on this thread. Raise RLIMIT_NOFILE (LimitNOFILE= in the systemd unit, ulimit -n)");
    no_descriptors_reported_ = failed;
}

template <class Handle>
void Worker::drain(int fd, Handle&& handle) {
    for (int round = 0; round < kMaxBatchesPerWakeup; ++round) {
        if (!pool_.has_batch_room()) end_of_turn();
        const std::size_t n = pool_.receive(fd, io_);
        for (std::size_t i = 0; i < n; ++i) handle(i);
        if (!pool_.filled()) break;
    }
}

void Worker::on_listener(std::size_t index) {
    drain(listeners_[index].fd.get(), [&](std::size_t i) {
        relay::ClientKey from{static_cast<std::uint32_t>(index), {}};
        if (!from_sockaddr(pool_.source(i), from.addr)) return;
        const auto p = pool_.packet(i);
        core_->on_client_datagram(from, {p.data, p.size});
    });
}

void Worker::on_dtls_listener(std::size_t index) {
    drain(dtls_listeners_[index].fd.get(),
          [&](std::size_t i) { dtls_->on_datagram(index, pool_.source(i), pool_.packet(i)); });
}

void Worker::on_relay(int fd, relay::Allocation* owner) {
    // RFC 8656 §11.5: ICMP errors first. Epoll reports the socket readable
    // for as long as its error queue holds anything, so the queue is read on
    // every wakeup (the loop never spins on it); reading it also clears the
    // socket's pending error, which would otherwise fail the next receive.
    drain_error_queue(fd, [&](const proto::TransportAddress& peer, const relay::PeerIcmp& icmp) {
        core_->on_peer_icmp(*owner, peer, icmp);
    });
    drain(fd, [&](std::size_t i) {
        proto::TransportAddress peer;
        if (from_sockaddr(pool_.source(i), peer)) core_->on_peer_datagram(*owner, peer, pool_.packet(i));
    });
}

}  // namespace turn::server
