#include "server/worker_queue.hpp"

#include <sys/eventfd.h>
#include <unistd.h>

#include <stdexcept>

namespace turn::server {

WorkerQueue::WorkerQueue() : event_(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
    if (!event_) throw std::runtime_error("cannot create a worker's wake-up eventfd");
}

void WorkerQueue::post(WorkerMessage m) {
    bool was_empty = false;
    {
        const std::lock_guard lock(mu_);
        was_empty = pending_.empty();
        pending_.push_back(std::move(m));
    }
    // One wake-up per batch: a non-empty list already has one coming.
    if (was_empty) wake();
}

void WorkerQueue::wake() {
    const std::uint64_t one = 1;
    // write() on an eventfd cannot fail short of the counter overflowing,
    // which one wake-up per batch or stop cannot do.
    (void)!::write(event_.get(), &one, sizeof one);
}

void WorkerQueue::drain(FunctionRef<void(WorkerMessage&)> handle) {
    std::uint64_t count = 0;
    (void)!::read(event_.get(), &count, sizeof count);
    {
        const std::lock_guard lock(mu_);
        batch_.swap(pending_);
    }
    for (auto& m : batch_) handle(m);
    batch_.clear();
}

WorkerMailboxes::WorkerMailboxes(std::size_t workers) {
    for (std::size_t i = 0; i < workers; ++i) queues_.push_back(std::make_unique<WorkerQueue>());
}

}  // namespace turn::server
