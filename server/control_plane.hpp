// The control thread's side of operations (the thread that also handles
// signals): runs turnctl's commands (admin_server.hpp) by asking every worker
// through its queue and gathering the answers from its own inbox
// (admin_messages.hpp), and runs drains and reloads.
//
// Drain (turnctl drain): every worker refuses Allocate from then on (403);
// once a second the control thread counts allocations, and when none is left,
// or the deadline passed, the server shuts down as on SIGTERM.
//
// Reload (turnctl reload): the config is read again the way it was at start
// (same file, same command line). Users, static-auth-secret, use-auth-secret,
// rest-api-separator, allowed-peer-ip, denied-peer-ip, allow-loopback-peers
// and verbose/Verbose take effect; the TLS certificate and key are re-read
// from their files (as on SIGUSR2). Other changed options are named in the
// answer as needing a restart. A config with errors changes nothing.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "auth/db_credentials.hpp"
#include "server/admin_server.hpp"
#include "server/config/config.hpp"
#include "server/event_handles.hpp"
#include "server/inbox.hpp"
#include "server/logger.hpp"
#include "server/tls_context.hpp"
#include "server/worker_queue.hpp"

namespace turn::server {

// What a reload needs besides the workers.
struct ReloadSource {
    std::vector<std::string> args;  // the command line, program name first
    config::Config running;         // the configuration in effect
    bool auth_required = false;     // fixed at start
    std::shared_ptr<const auth::DbCredentialSource> db;  // null without a user database
    TlsContexts* tls = nullptr;                          // null without TLS
};

class ControlPlane final : public AdminBackend {
public:
    // `shutdown` ends the server as SIGTERM does (the drain's end).
    ControlPlane(event_base* base, std::shared_ptr<WorkerMailboxes> workers, ReloadSource reload, Logger& log,
                 std::function<void()> shutdown);
    ~ControlPlane() override;
    ControlPlane(const ControlPlane&) = delete;
    ControlPlane& operator=(const ControlPlane&) = delete;

    void run(const admin::Command& c, Answer answer) override;

private:
    using Reports = std::vector<WorkerReport>;
    struct Gathering;

    // Posts the message `make` builds to every worker; `done` gets every
    // worker's report, on this thread, once the last one answered.
    void ask_all(const std::function<AdminMessage(AdminReply)>& make, std::function<void(Reports)> done);
    AdminReply reply_here(std::shared_ptr<Gathering> g);
    static void inbox_cb(evutil_socket_t fd, short what, void* arg);

    void sessions(std::optional<std::uint64_t> id, Answer answer);
    void cancel(std::uint64_t id, Answer answer);
    void status(Answer answer);
    void drain(const admin::Command& c, Answer answer);
    void check_drained();
    void finish_drain(const std::string& why);
    void reload(Answer answer);
    static void drain_poll_cb(evutil_socket_t fd, short what, void* arg);

    event_base* base_;
    std::shared_ptr<WorkerMailboxes> workers_;
    ReloadSource reload_;
    Logger& log_;
    std::function<void()> shutdown_;
    Inbox<std::function<void()>> inbox_;  // the workers' answers, run on this thread
    EventPtr inbox_event_;

    struct Drain {
        bool on = false;
        std::chrono::steady_clock::time_point deadline{};  // max(): none
        EventPtr poll;                                      // once a second
        bool counting = false;                              // a count is in flight
        std::vector<Answer> waiting;                        // `drain wait` clients
    } drain_;
};

}  // namespace turn::server
