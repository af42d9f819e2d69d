#include "server/mobility_relay.hpp"

#include <unistd.h>

#include "server/overloaded.hpp"

namespace turn::server {

AllocationHandover::~AllocationHandover() {
    if (!allocation) return;
    for (const auto family : relay::kFamilies)
        if (allocation->relays.has(family)) ::close(allocation->relays[family].socket);
}

MobilityRelay::MobilityRelay(std::size_t worker, std::shared_ptr<WorkerMailboxes> mailboxes, Logger& log)
    : worker_(worker), mailboxes_(std::move(mailboxes)), log_(log) {}

void MobilityRelay::attach(relay::RelayCore* core) {
    core_ = core;
    core_->attach_mobility(*this, worker_, mailboxes_->size());
}

void MobilityRelay::post(std::size_t worker, MobilityMessage m) {
    mailboxes_->at(worker).post(WorkerMessage{std::move(m)});
}

void MobilityRelay::forward_move(const relay::MoveRequest& m) { post(m.ticket.worker, MoveForward{m}); }

void MobilityRelay::refuse_move(const relay::MoveRequest& m, proto::StunError error) {
    post(m.origin_worker, MoveRefused{m, error});
}

void MobilityRelay::hand_over(std::unique_ptr<relay::Allocation> a, const relay::MoveRequest& m) {
    post(m.origin_worker, AllocationHandover{m, std::move(a)});
}

void MobilityRelay::forward_datagram(std::size_t worker, const relay::ClientKey& from,
                                     std::span<const std::uint8_t> bytes) {
    post(worker, ClientDatagram{from, {bytes.begin(), bytes.end()}});
}

void MobilityRelay::end_departure(std::size_t worker, const relay::ClientKey& old_client) {
    post(worker, DepartureEnded{old_client});
}

void MobilityRelay::on_message(MobilityMessage& message) {
    if (core_ == nullptr) return;
    std::visit(Overloaded{
                   [this](MoveForward& m) { core_->on_move_request(std::move(m.request)); },
                   [this](MoveRefused& m) { core_->on_move_refused(m.request, m.error); },
                   [this](AllocationHandover& m) { on_arrival(m); },
                   [this](ClientDatagram& m) { on_datagram(m); },
                   [this](DepartureEnded& m) { core_->on_departure_ended(m.old_client); },
               },
               message);
}

void MobilityRelay::on_arrival(AllocationHandover& m) {
    // Not per packet: one line per move, which the tests read to tell a move
    // across threads from one within a thread.
    if (log_.enabled(LogLevel::Debug))
        log_.debug("mobility: allocation for " + m.request.new_client.addr.to_string() + " moved from worker " +
                   std::to_string(m.request.ticket.worker) + " to worker " + std::to_string(worker_));
    core_->on_allocation_arrived(std::move(m.allocation), m.request);
}

void MobilityRelay::on_datagram(const ClientDatagram& m) {
    core_->on_forwarded_datagram(m.from, m.bytes);
    // What the core queued may point into m.bytes, which the queue frees
    // after this: it leaves now.
    core_->end_of_batch();
}

}  // namespace turn::server
