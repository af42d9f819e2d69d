// One relay worker thread (DESIGN.md "Threads and state"): its own libevent
// loop, its own SO_REUSEPORT listener sockets (so the kernel keeps each
// client 5-tuple on one thread), and the allocations created on it.
#pragma once

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "relay/relay_core.hpp"
#include "server/allocation_log.hpp"
#include "server/dtls_server.hpp"
#include "server/event_handles.hpp"
#include "server/log_throttle.hpp"
#include "server/logger.hpp"
#include "server/mobility_relay.hpp"
#include "server/server_clock.hpp"
#include "server/stream_server.hpp"
#include "server/tcp_relay.hpp"
#include "server/udp_transport.hpp"
#include "server/worker_queue.hpp"
#include "server/worker_stats.hpp"

namespace turn::server {

// The sockets one worker serves: its own SO_REUSEPORT copies of every
// listening socket.
struct WorkerSockets {
    std::vector<Listener> udp;
    std::vector<Listener> stream;  // TCP, with TLS detected per connection
    std::vector<Listener> dtls;    // UDP on the TLS ports
    bool udp_gro = false;          // UDP_GRO on its relay sockets too (listeners have it already)
    bool io_uring = false;         // sends through io_uring (uring_batch.hpp) where the kernel allows
};

class Worker {
public:
    // `mailboxes` holds every worker's queue (this one's at `index`).
    Worker(std::size_t index, relay::SharedRelayState& shared, WorkerSockets sockets, StreamSettings streams,
           DtlsSettings dtls, std::shared_ptr<WorkerMailboxes> mailboxes, Logger& log);
    ~Worker();
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    void start();
    // When the loop last ran its once-a-second sweep (or the worker was made):
    // any thread may ask, for the systemd watchdog.
    std::chrono::steady_clock::time_point last_sweep() const {
        return std::chrono::steady_clock::time_point(std::chrono::steady_clock::duration(last_sweep_.load()));
    }
    // Thread-safe: wakes the loop through its queue's eventfd and asks it to end.
    // (No libevent locking: each base is touched by its own thread only.)
    void stop();
    void join();

    // For the metrics endpoint; the pointers stay valid while the worker exists.
    WorkerStats stats() const;
    // prometheus-username-labels: traffic is kept per user too. Before start().
    void track_users();

private:
    void run();
    WorkerQueue& queue() { return mailboxes_->at(index_); }
    std::string tcp_relay_summary() const;  // RFC 6062 pairs spliced here, for the stop log
    // Sends what the turn queued and frees the receive slots and the arena.
    void end_of_turn();
    // Reads one socket in batches; `handle(i)` processes datagram i of the batch.
    template <class Handle>
    void drain(int fd, Handle&& handle);
    void on_listener(std::size_t index);
    void on_dtls_listener(std::size_t index);
    void watch(int fd, std::size_t index, bool dtls);
    void on_relay(int fd, relay::Allocation* owner);
    static void listener_cb(evutil_socket_t fd, short what, void* arg);
    static void sweep_cb(evutil_socket_t fd, short what, void* arg);
    // Warns (throttled) when Allocates failed for want of a descriptor since the last warning.
    void report_descriptor_shortage();
    static void wake_cb(evutil_socket_t fd, short what, void* arg);

    // The control thread's requests and the published gauges (worker_admin.cpp).
    void on_admin(AdminMessage& m);
    WorkerReport report();
    ClientTransport transport_of(const relay::ClientKey& client) const;
    std::vector<SessionInfo> sessions(std::optional<std::uint64_t> id);
    void publish_gauges();

    // Bounded work per wakeup, so one busy socket cannot starve the others.
    static constexpr int kMaxBatchesPerWakeup = 8;

    std::size_t index_;
    Logger& log_;
    EventBasePtr base_;
    std::vector<Listener> listeners_;
    std::vector<Listener> dtls_listeners_;
    struct ListenerSlot {
        Worker* worker;
        std::size_t index;
        bool dtls;
    };
    // Stable addresses: libevent holds pointers to the slots.
    std::vector<std::unique_ptr<ListenerSlot>> slots_;
    std::vector<EventPtr> listener_events_;
    EventPtr sweep_timer_;
    std::shared_ptr<WorkerMailboxes> mailboxes_;
    EventPtr wake_event_;  // this worker's queue: the way other threads reach this loop
    ServerClock clock_;
    IoCounters io_;
    WorkerGauges gauges_;
    std::unique_ptr<UserTrafficBoard> users_;  // with track_users()
    RecvPool pool_;
    bool io_uring_ = false;
    std::atomic<bool> stopping_{false};
    std::atomic<std::chrono::steady_clock::rep> last_sweep_{std::chrono::steady_clock::now().time_since_epoch().count()};
    std::uint64_t no_descriptors_reported_ = 0;
    LogThrottle shortage_log_{std::chrono::seconds(10)};
    std::unique_ptr<UdpTransport> transport_;
    std::unique_ptr<StreamServer> streams_;
    std::unique_ptr<DtlsServer> dtls_;  // null without DTLS listeners
    std::unique_ptr<TcpRelay> tcp_;     // RFC 6062 TCP allocations
    std::unique_ptr<MobilityRelay> mobility_;  // RFC 8016 moves between threads
    // Before core_: it outlives the core, which reports its last deletions as it goes.
    std::unique_ptr<AllocationLog> allocation_log_;
    std::unique_ptr<relay::RelayCore> core_;
    std::thread thread_;
};

}  // namespace turn::server
