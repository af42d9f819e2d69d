// A thread's inbox: any thread posts, the owning thread drains it when the
// inbox's eventfd wakes its libevent loop. The same eventfd wakes the loop
// for other reasons (a worker's stop). A mutex guards the list; it is taken
// once per message posted and once per wake-up, never on the per-packet path.
//
// Workers have one each (worker_queue.hpp); so does the control thread,
// which hears the workers' answers to turnctl through it (control_plane.hpp).
#pragma once

#include <mutex>
#include <vector>

#include "protocol/function_ref.hpp"
#include "server/udp_socket.hpp"

namespace turn::server {

// The eventfd of an inbox.
class Wakeup {
public:
    Wakeup();  // throws std::runtime_error without an eventfd

    int fd() const { return event_.get(); }
    // Any thread.
    void wake();
    // The owning thread, before looking at what woke it.
    void reset();

private:
    Fd event_;
};

template <class Message>
class Inbox {
public:
    int fd() const { return wakeup_.fd(); }
    // Any thread.
    void post(Message m) {
        bool was_empty = false;
        {
            const std::lock_guard lock(mu_);
            was_empty = pending_.empty();
            pending_.push_back(std::move(m));
        }
        // One wake-up per batch: a non-empty list already has one coming.
        if (was_empty) wake();
    }
    void wake() { wakeup_.wake(); }
    // The owning thread: resets the eventfd and hands every message posted
    // so far to `handle`, in order.
    void drain(FunctionRef<void(Message&)> handle) {
        wakeup_.reset();
        {
            const std::lock_guard lock(mu_);
            batch_.swap(pending_);
        }
        for (auto& m : batch_) handle(m);
        batch_.clear();
    }

private:
    std::mutex mu_;
    std::vector<Message> pending_;  // guarded by mu_
    std::vector<Message> batch_;    // the owning thread's
    Wakeup wakeup_;
};

}  // namespace turn::server
