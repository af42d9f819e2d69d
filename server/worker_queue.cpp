#include "server/worker_queue.hpp"

namespace turn::server {

WorkerMailboxes::WorkerMailboxes(std::size_t workers) {
    for (std::size_t i = 0; i < workers; ++i) queues_.push_back(std::make_unique<WorkerQueue>());
}

}  // namespace turn::server
