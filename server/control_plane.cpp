#include "server/control_plane.hpp"

#include <stdexcept>

#include "server/session_record.hpp"

namespace turn::server {

// The answers to one question, as they come in.
struct ControlPlane::Gathering {
    std::size_t expected = 0;
    Reports reports;
    std::function<void(Reports)> done;
};

ControlPlane::ControlPlane(event_base* base, std::shared_ptr<WorkerMailboxes> workers, ReloadSource reload,
                           Logger& log, std::function<void()> shutdown)
    : base_(base), workers_(std::move(workers)), reload_(std::move(reload)), log_(log), shutdown_(std::move(shutdown)) {
    inbox_event_.reset(event_new(base_, inbox_.fd(), EV_READ | EV_PERSIST, &ControlPlane::inbox_cb, this));
    drain_.poll.reset(event_new(base_, -1, EV_PERSIST, &ControlPlane::drain_poll_cb, this));
    if (!inbox_event_ || event_add(inbox_event_.get(), nullptr) != 0 || !drain_.poll)
        throw std::runtime_error("cannot watch the control thread's inbox");
}

ControlPlane::~ControlPlane() = default;

void ControlPlane::inbox_cb(evutil_socket_t, short, void* arg) {
    static_cast<ControlPlane*>(arg)->inbox_.drain([](std::function<void()>& f) { f(); });
}

AdminReply ControlPlane::reply_here(std::shared_ptr<Gathering> g) {
    // Runs on the worker's thread: it only posts the report here.
    return [this, g = std::move(g)](WorkerReport r) {
        inbox_.post([g, r = std::move(r)]() mutable {
            g->reports.push_back(std::move(r));
            if (g->reports.size() == g->expected) g->done(std::move(g->reports));
        });
    };
}

void ControlPlane::ask_all(const std::function<AdminMessage(AdminReply)>& make, std::function<void(Reports)> done) {
    auto g = std::make_shared<Gathering>();
    g->expected = workers_->size();
    g->done = std::move(done);
    for (std::size_t w = 0; w < workers_->size(); ++w) workers_->at(w).post(WorkerMessage{make(reply_here(g))});
}

void ControlPlane::run(const admin::Command& c, Answer answer) {
    switch (c.verb) {
        case admin::Verb::Sessions: return sessions(std::nullopt, std::move(answer));
        case admin::Verb::Session: return sessions(c.id, std::move(answer));
        case admin::Verb::Cancel: return cancel(c.id, std::move(answer));
        case admin::Verb::Drain: return drain(c, std::move(answer));
        case admin::Verb::Reload: return reload(std::move(answer));
        case admin::Verb::Status: return status(std::move(answer));
        case admin::Verb::Help:
        case admin::Verb::Auth:
        case admin::Verb::Quit: return answer({admin::ok_line(admin::help_text())});
    }
}

void ControlPlane::sessions(std::optional<std::uint64_t> id, Answer answer) {
    ask_all([id](AdminReply r) { return AdminMessage{ListSessions{id, std::move(r)}}; },
            [id, answer = std::move(answer)](Reports reports) {
                std::vector<std::string> lines;
                for (const auto& r : reports)
                    for (const auto& s : r.sessions) lines.push_back(session_record(s));
                if (id && lines.empty()) return answer({admin::error_line("no session " + std::to_string(*id))});
                lines.push_back(admin::ok_line(counted(lines.size(), "session")));
                answer(std::move(lines));
            });
}

void ControlPlane::cancel(std::uint64_t id, Answer answer) {
    ask_all([id](AdminReply r) { return AdminMessage{CancelSession{id, std::move(r)}}; },
            [this, id, answer = std::move(answer)](Reports reports) {
                for (const auto& r : reports)
                    if (r.found) {
                        log_.info("turnctl: session " + std::to_string(id) + " cancelled");
                        return answer({admin::ok_line("session " + std::to_string(id) + " cancelled")});
                    }
                answer({admin::error_line("no session " + std::to_string(id))});
            });
}

void ControlPlane::status(Answer answer) {
    ask_all([](AdminReply r) { return AdminMessage{CountAllocations{std::move(r)}}; },
            [this, answer = std::move(answer)](Reports reports) {
                answer({status_record(workers_->size(), total_allocations(reports), drain_.on), admin::ok_line()});
            });
}

}  // namespace turn::server
