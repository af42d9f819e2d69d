// RFC 8016 mobility between worker threads: relay::MobilityTransport over
// the workers' queues (worker_message.hpp). The allocation goes to the
// thread of its new 5-tuple, where SO_REUSEPORT delivers that client's
// datagrams from now on; its relay sockets leave the old thread's loop and
// join the new one's, as RFC 6062 peer sockets do for a ConnectionBind.
#pragma once

#include <memory>

#include "relay/relay_core.hpp"
#include "server/logger.hpp"
#include "server/worker_queue.hpp"

namespace turn::server {

class MobilityRelay final : public relay::MobilityTransport {
public:
    MobilityRelay(std::size_t worker, std::shared_ptr<WorkerMailboxes> mailboxes, Logger& log);
    MobilityRelay(const MobilityRelay&) = delete;
    MobilityRelay& operator=(const MobilityRelay&) = delete;

    // Also tells the core which worker it is (its tickets name it).
    void attach(relay::RelayCore* core);
    // A message from this worker's queue, on this worker's thread.
    void on_message(MobilityMessage& m);

    void forward_move(const relay::MoveRequest& m) override;
    void refuse_move(const relay::MoveRequest& m, proto::StunError error) override;
    void hand_over(std::unique_ptr<relay::Allocation> a, const relay::MoveRequest& m) override;
    void forward_datagram(std::size_t worker, const relay::ClientKey& from,
                          std::span<const std::uint8_t> bytes) override;
    void end_departure(std::size_t worker, const relay::ClientKey& old_client) override;

private:
    void post(std::size_t worker, MobilityMessage m);
    void on_arrival(AllocationHandover& m);
    void on_datagram(const ClientDatagram& m);

    std::size_t worker_;
    std::shared_ptr<WorkerMailboxes> mailboxes_;
    Logger& log_;
    relay::RelayCore* core_ = nullptr;
};

}  // namespace turn::server
