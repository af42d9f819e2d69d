#include "server/worker.hpp"

#include <stdexcept>

namespace turn::server {

Worker::Worker(std::size_t index, relay::SharedRelayState& shared, std::vector<Listener> listeners, Logger& log)
    : index_(index), log_(log), base_(event_base_new()), listeners_(std::move(listeners)) {
    if (!base_) throw std::runtime_error("event_base_new failed");
    transport_ = std::make_unique<UdpTransport>(
        base_.get(), listeners_, [this](int fd, relay::Allocation* a) { on_relay(fd, a); }, io_);
    core_ = std::make_unique<relay::RelayCore>(shared, clock_, *transport_);
    slots_.reserve(listeners_.size());
    for (std::size_t i = 0; i < listeners_.size(); ++i) {
        slots_.push_back({this, i});
        EventPtr ev(event_new(base_.get(), listeners_[i].fd.get(), EV_READ | EV_PERSIST, &Worker::listener_cb,
                              &slots_[i]));
        if (!ev || event_add(ev.get(), nullptr) != 0) throw std::runtime_error("cannot watch a listener socket");
        listener_events_.push_back(std::move(ev));
    }
    // One timer per thread sweeps every lifetime (DESIGN.md), not one per object.
    sweep_timer_.reset(event_new(base_.get(), -1, EV_PERSIST, &Worker::sweep_cb, this));
    const timeval second{1, 0};
    if (!sweep_timer_ || event_add(sweep_timer_.get(), &second) != 0)
        throw std::runtime_error("cannot start the sweep timer");
}

Worker::~Worker() {
    join();
    // The core frees its allocations through the transport: it goes first.
    core_.reset();
    transport_.reset();
}

void Worker::start() { thread_ = std::thread([this] { run(); }); }

void Worker::stop() { event_base_loopbreak(base_.get()); }

void Worker::join() {
    if (thread_.joinable()) thread_.join();
}

void Worker::run() {
    event_base_dispatch(base_.get());
    log_.debug("worker " + std::to_string(index_) + " stopped");
}

void Worker::listener_cb(evutil_socket_t, short, void* arg) {
    auto* slot = static_cast<ListenerSlot*>(arg);
    slot->worker->on_listener(slot->index);
}

void Worker::sweep_cb(evutil_socket_t, short, void* arg) {
    auto* w = static_cast<Worker*>(arg);
    w->core_->sweep();
    w->core_->end_of_batch();
}

void Worker::on_listener(std::size_t index) {
    const int fd = listeners_[index].fd.get();
    for (int round = 0; round < kMaxBatchesPerWakeup; ++round) {
        const std::size_t n = batch_.receive(fd, io_);
        for (std::size_t i = 0; i < n; ++i) {
            relay::ClientKey from{static_cast<std::uint32_t>(index), {}};
            if (!from_sockaddr(batch_.source(i), from.addr)) continue;
            const auto p = batch_.packet(i);
            core_->on_client_datagram(from, {p.data, p.size});
        }
        core_->end_of_batch();
        if (n < RecvBatch::kSlots) break;
    }
}

void Worker::on_relay(int fd, relay::Allocation* owner) {
    for (int round = 0; round < kMaxBatchesPerWakeup; ++round) {
        const std::size_t n = batch_.receive(fd, io_);
        for (std::size_t i = 0; i < n; ++i) {
            proto::TransportAddress peer;
            if (!from_sockaddr(batch_.source(i), peer)) continue;
            core_->on_peer_datagram(*owner, peer, batch_.packet(i));
        }
        core_->end_of_batch();
        if (n < RecvBatch::kSlots) break;
    }
}

}  // namespace turn::server
