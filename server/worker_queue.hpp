// A worker thread's inbox (inbox.hpp) for WorkerMessage, and the set of
// every worker's inbox.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "server/inbox.hpp"
#include "server/worker_message.hpp"

namespace turn::server {

using WorkerQueue = Inbox<WorkerMessage>;

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
