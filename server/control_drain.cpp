// turnctl drain: no new allocations, then exit once the last one ends or the
// deadline passes (control_plane.hpp).
#include "server/control_plane.hpp"
#include "server/session_record.hpp"

namespace turn::server {
namespace {

using Clock = std::chrono::steady_clock;
constexpr timeval kDrainPoll{1, 0};

}  // namespace

void ControlPlane::drain(const admin::Command& c, Answer answer) {
    // A repeated drain keeps draining; a deadline given now replaces the old one.
    if (c.deadline) drain_.deadline = Clock::now() + *c.deadline;
    if (!drain_.on) {
        drain_.on = true;
        if (!c.deadline) drain_.deadline = Clock::time_point::max();
        event_add(drain_.poll.get(), &kDrainPoll);
    }
    const std::string until =
        c.deadline ? "or in " + std::to_string(c.deadline->count()) + " s" : "(no deadline)";
    ask_all([](AdminReply r) { return AdminMessage{StartDraining{std::move(r)}}; },
            [this, wait = c.wait, until, answer = std::move(answer)](Reports reports) mutable {
                const std::size_t left = total_allocations(reports);
                log_.info("turnctl: draining, " + counted(left, "allocation") +
                          " left; new Allocate requests get 403");
                if (wait) return drain_.waiting.push_back(std::move(answer));
                answer({admin::ok_line("draining: " + counted(left, "allocation") + " left; exiting when the last ends " +
                                       until)});
            });
}

void ControlPlane::drain_poll_cb(evutil_socket_t, short, void* arg) {
    static_cast<ControlPlane*>(arg)->check_drained();
}

void ControlPlane::check_drained() {
    if (Clock::now() >= drain_.deadline) return finish_drain("drain deadline reached");
    if (drain_.counting) return;  // the last count has not come back yet
    drain_.counting = true;
    ask_all([](AdminReply r) { return AdminMessage{CountAllocations{std::move(r)}}; },
            [this](Reports reports) {
                drain_.counting = false;
                // Each worker counted after it began refusing Allocate (its
                // queue is in order), so none can come back.
                if (drain_.on && total_allocations(reports) == 0) finish_drain("drained: the last allocation ended");
            });
}

void ControlPlane::finish_drain(const std::string& why) {
    if (!drain_.on) return;
    drain_.on = false;
    event_del(drain_.poll.get());
    log_.info("turnctl: " + why + ", shutting down");
    for (auto& answer : drain_.waiting) answer({admin::ok_line(why)});
    drain_.waiting.clear();
    shutdown_();
}

}  // namespace turn::server
