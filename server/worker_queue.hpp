// A worker thread's inbox: any thread posts, the owning thread drains it
// when the queue's eventfd wakes its libevent loop. The same eventfd wakes
// the loop to stop. A mutex guards the list; it is taken once per message
// posted and once per wake-up, never on the per-packet path.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

#include "protocol/function_ref.hpp"
#include "server/udp_socket.hpp"
#include "server/worker_message.hpp"

namespace turn::server {

class WorkerQueue {
public:
    WorkerQueue();  // throws std::runtime_error without an eventfd

    int fd() const { return event_.get(); }
    // Any thread.
    void post(WorkerMessage m);
    void wake();
    // The owning thread: resets the eventfd and hands every message posted
    // so far to `handle`, in order.
    void drain(FunctionRef<void(WorkerMessage&)> handle);

private:
    std::mutex mu_;
    std::vector<WorkerMessage> pending_;  // guarded by mu_
    std::vector<WorkerMessage> batch_;    // the owning thread's
    Fd event_;
};

// One queue per worker, created before the workers and destroyed after the
// last of them, so a worker may post to another that has already stopped
// (what is left undelivered is closed with the mailboxes).
class WorkerMailboxes {
public:
    explicit WorkerMailboxes(std::size_t workers);
    std::size_t size() const { return queues_.size(); }
    WorkerQueue& at(std::size_t worker) { return *queues_.at(worker); }

private:
    std::vector<std::unique_ptr<WorkerQueue>> queues_;
};

}  // namespace turn::server
