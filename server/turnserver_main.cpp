// turnserver: reads coturn's config and flags, binds every listener before
// anything else (so a bad address or a port in use fails the start with a
// clear message and no partial service), then runs one worker per thread
// until SIGTERM or SIGINT (or a drain's end: turnctl drain). SIGHUP reopens
// the log file, SIGUSR2 re-reads the TLS certificate. Under systemd
// (Type=notify) it reports READY=1 once every worker runs, STOPPING=1 on the
// way out, and WATCHDOG=1 pings when the unit has WatchdogSec=.
#include <event2/event.h>

#include <pthread.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <cstdio>
#include <iostream>
#include <thread>

#include "server/addresses.hpp"
#include "server/alternates.hpp"
#include "server/capacity.hpp"
#include "server/config/load_config.hpp"
#include "server/config_reload.hpp"
#include "server/listeners.hpp"
#include "server/logger.hpp"
#include "server/operations.hpp"
#include "server/option_support.hpp"
#include "server/process.hpp"
#include "server/relay_setup.hpp"
#include "server/systemd_notify.hpp"
#include "server/root_safety.hpp"
#include "server/user_db.hpp"
#include "server/worker.hpp"

namespace turn::server {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitConfig = 1;
constexpr int kExitStart = 2;
// Descriptors the server may still open besides relay sockets once it runs:
// the log reopened on SIGHUP, the user database, a TLS reload, the reserve
// descriptors of AcceptOverflow, a few TCP clients.
constexpr std::uint64_t kDescriptorHeadroom = 64;

int print_diagnostics(const config::LoadResult& r) {
    for (const auto& d : r.diagnostics) std::cerr << "turnserver: " << config::to_string(d) << "\n";
    return r.ok() ? kExitOk : kExitConfig;
}

std::size_t thread_count(const config::Config& c) {
    if (c.relay_threads > 0) return c.relay_threads;
    return std::max(1u, std::thread::hardware_concurrency());
}

struct SignalContext {
    std::vector<std::unique_ptr<Worker>>* workers;
    Logger* log;
    event_base* base;
    TlsContexts* tls;  // null without TLS
    const SystemdNotifier* notifier;
};

// SIGUSR2: new connections get the re-read certificate and key; live
// connections and allocations keep going on the context they started with.
void reload_tls(const SignalContext& ctx) {
    if (ctx.tls == nullptr) return ctx.log->info("SIGUSR2: no TLS configured, nothing to reload");
    if (auto r = ctx.tls->reload(); !r) return ctx.log->error("SIGUSR2: TLS reload failed, keeping the old certificate: " + r.error());
    ctx.log->info("SIGUSR2: TLS certificate and key reloaded");
}

void shut_down(const SignalContext& ctx) {
    (void)ctx.notifier->notify("STOPPING=1");  // systemd waits for the exit either way
    for (auto& w : *ctx.workers) w->stop();
    event_base_loopbreak(ctx.base);
}

void on_signal(evutil_socket_t sig, short, void* arg) {
    auto* ctx = static_cast<SignalContext*>(arg);
    if (sig == SIGHUP) {
        ctx->log->reopen();
        ctx->log->info("SIGHUP: log reopened");
        return;
    }
    if (sig == SIGUSR2) return reload_tls(*ctx);
    ctx->log->info(std::string("signal ") + strsignal(sig) + ": shutting down");
    shut_down(*ctx);
}

// TLS and DTLS need a certificate; without one (or with no-tls) TCP ports
// serve plain TCP only. A certificate that cannot be loaded stops the start.
Result<std::unique_ptr<TlsContexts>, std::string> load_tls(const config::Config& c) {
    if (!config::tls_enabled(c) && !config::dtls_enabled(c)) return std::unique_ptr<TlsContexts>{};
    TlsSettings s = tls_settings(c);
    if (s.pkey.empty()) s.pkey = s.cert;  // one PEM holding both
    auto t = TlsContexts::load(std::move(s));
    if (!t) return unexpected("TLS: " + t.error());
    return std::move(*t);
}

// Detaching, the pidfile and dropping privileges come after every socket is
// bound (binding may need root) and before any thread starts (fork keeps
// only the calling thread).
Result<std::optional<Pidfile>, std::string> become_daemon(const config::Config& c) {
    if (c.daemon) {
        if (auto d = daemonize(); !d) return unexpected(d.error());
    }
    std::optional<Pidfile> pidfile;
    if (!c.pidfile.empty()) {
        auto p = Pidfile::create(c.pidfile);
        if (!p) return unexpected(p.error());
        pidfile.emplace(std::move(*p));
    }
    if (auto d = drop_privileges(c.proc_user, c.proc_group); !d) return unexpected(d.error());
    return pidfile;
}

// What stream and DTLS clients get: contexts, the per-thread cap and the
// deadlines, which DTLS shares with TCP and TLS (coturn's option names).
struct ClientSettings {
    StreamSettings streams;
    DtlsSettings dtls;
};

ClientSettings client_settings(const config::Config& c, const TlsContexts* tls, const DtlsCookies& cookies) {
    const StreamLimits limits{.handshake = c.tcp_handshake_timeout,
                              .idle = c.tcp_idle_timeout,
                              .write_stall = c.tcp_write_timeout};
    return {{config::tls_enabled(c) ? tls : nullptr, !c.no_tcp, c.max_tcp_connections_per_thread, limits},
            {config::dtls_enabled(c) ? tls : nullptr, &cookies, c.max_tcp_connections_per_thread, c.tcp_handshake_timeout,
             c.tcp_idle_timeout}};
}

// Every worker's queue, shared: RFC 6062 binds and the control thread's
// requests reach a worker through them.
Result<std::shared_ptr<WorkerMailboxes>, std::string> make_mailboxes(std::size_t workers) {
    try {
        return std::make_shared<WorkerMailboxes>(workers);
    } catch (const std::exception& e) {
        return unexpected(std::string("cannot start worker threads: ") + e.what());
    }
}

Result<std::vector<std::unique_ptr<Worker>>, std::string> make_workers(relay::SharedRelayState& shared,
                                                                       std::vector<WorkerSockets> sockets,
                                                                       const ClientSettings& clients,
                                                                       std::shared_ptr<WorkerMailboxes> mailboxes,
                                                                       Logger& logger) {
    std::vector<std::unique_ptr<Worker>> workers;
    try {
        for (std::size_t t = 0; t < sockets.size(); ++t)
            workers.push_back(std::make_unique<Worker>(t, shared, std::move(sockets[t]), clients.streams,
                                                       clients.dtls, mailboxes, logger));
    } catch (const std::exception& e) {  // libevent refused a base or an event: nothing is serving yet
        return unexpected(std::string("cannot start worker threads: ") + e.what());
    }
    return workers;
}

// The allocations the limits allow, counted once every listener and worker
// holds its descriptors (server/capacity.hpp); returned for systemd's STATUS.
std::string log_capacity(const config::Config& c, const relay::RelayConfig& rc, const DescriptorLimit& limit,
                         Logger& logger) {
    const CapacityInputs in{limit.soft, open_descriptor_count().value_or(0) + kDescriptorHeadroom,
                            relay_ports(rc.relay_addresses, c.min_port, c.max_port), effective_total_quota(c)};
    const Capacity capacity = allocation_capacity(in);
    logger.info(describe_capacity(in, capacity));
    if (const auto warning = descriptor_warning(in, capacity)) logger.warning(*warning);
    return "capacity " + std::to_string(capacity.allocations) + " allocations";
}

// "addresses 127.0.0.1, 127.0.0.2; ports 3478 <-> 3479, 5349 <-> 5350"
std::string describe_pairs(const relay::NatDiscoveryConfig& d) {
    std::string text;
    for (const auto& ip : d.ips) text += (text.empty() ? "addresses " : ", ") + ip.ip_string();
    for (std::size_t i = 0; i < d.ports.size(); ++i)
        text += (i == 0 ? "; ports " : ", ") + std::to_string(d.ports[i].primary) + " <-> " +
                std::to_string(d.ports[i].alternate);
    return text;
}

void log_started(const config::Config& c, const relay::RelayConfig& rc, std::size_t threads, Logger& logger) {
    for (const auto& r : rc.relay_addresses)
        logger.info("relay address " + r.local.ip_string() +
                    (r.advertised == r.local ? "" : " advertised as " + r.advertised.ip_string()) + ", ports " +
                    std::to_string(c.min_port) + "-" + std::to_string(c.max_port));
    if (rc.discovery.enabled())
        logger.info("RFC 5780 NAT behaviour discovery on: " + describe_pairs(rc.discovery));
    logger.info("turnserver started: " + std::to_string(threads) + " relay threads, authentication " +
                (auth_required(c) ? "long-term (realm '" + c.realm + "')" : "off"));
}

// A worker loop runs its sweep every second and never blocks: one silent
// for this long is hung, and the watchdog stops vouching for the server.
constexpr auto kWorkerStallLimit = std::chrono::seconds(5);

std::optional<std::string> stalled_worker(const std::vector<std::unique_ptr<Worker>>& workers) {
    std::vector<std::chrono::steady_clock::time_point> last;
    for (const auto& w : workers) last.push_back(w->last_sweep());
    const auto stalled = first_stalled(last, std::chrono::steady_clock::now(), kWorkerStallLimit);
    if (!stalled) return std::nullopt;
    return "worker " + std::to_string(*stalled) + "'s loop has not run for over " +
           std::to_string(kWorkerStallLimit.count()) + " s";
}

// What the control thread needs besides the workers.
struct Control {
    Operations* operations;
    std::shared_ptr<WorkerMailboxes> mailboxes;
    const relay::SharedRelayState* shared;
    ReloadSource reload;
};

// Runs the workers until SIGINT or SIGTERM, or a drain's end. Signal handlers
// exist before any worker runs, and workers start with the signals blocked,
// so a signal always reaches the main thread's loop and never the default
// action. The same loop serves the admin interface.
void run_until_signalled(std::vector<std::unique_ptr<Worker>>& workers, TlsContexts* tls, Control control,
                         const SystemdNotifier& notifier, const std::string& status, Logger& logger) {
    EventBasePtr base(event_base_new());
    SignalContext ctx{&workers, &logger, base.get(), tls, &notifier};
    std::vector<EventPtr> signals;
    sigset_t handled;
    sigemptyset(&handled);
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGUSR2}) {
        sigaddset(&handled, sig);
        signals.emplace_back(evsignal_new(base.get(), sig, &on_signal, &ctx));
        event_add(signals.back().get(), nullptr);
    }
    sigset_t previous;
    pthread_sigmask(SIG_BLOCK, &handled, &previous);
    control.operations->start(base.get(), workers, control.mailboxes, *control.shared, std::move(control.reload),
                              [&ctx] { shut_down(ctx); }, logger);
    for (auto& w : workers) w->start();
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    // Every socket is bound and every worker's loop runs: clients get answers from here on.
    if (auto ready = notifier.notify("READY=1\nSTATUS=relaying, " + status); !ready) logger.warning(ready.error());
    const WatchdogPinger watchdog(base.get(), notifier, logger, [&workers] { return stalled_worker(workers); });
    event_base_dispatch(base.get());
    for (auto& w : workers) w->join();
    control.operations->stop();
}

int run_server(const config::Config& c, std::vector<std::string> args) {
    auto log = Logger::open(c.syslog ? "syslog" : c.log_file, log_level(c), "turnserver",
                            c.log_json ? LogFormat::Json : LogFormat::Text);
    if (!log) {
        std::cerr << "turnserver: " << log.error() << "\n";
        return kExitConfig;
    }
    Logger& logger = **log;
    const ServiceStart service = start_service(logger);
    auto notices = unsupported_options(c);
    for (auto& n : root_notices(c, geteuid() == 0)) notices.push_back(std::move(n));
    for (const auto& notice : notices) {
        if (notice.fatal) return logger.error(notice.message), kExitConfig;
        logger.warning(notice.message);
    }
    const std::size_t threads = thread_count(c);
    auto relays = relay_addresses(c);
    if (!relays) return logger.error(relays.error()), kExitStart;
    const auto db_plan = auth_required(c) ? user_db_plan(c) : std::nullopt;
    if (c.oauth && !c.no_auth && !db_plan)
        logger.warning("oauth without a user database: no oauth_key rows, so every ACCESS-TOKEN is refused");
    auto db_source = db_plan ? std::make_shared<auth::DbCredentialSource>() : nullptr;
    auto alternates = alternates_setup(c);
    auto shared = make_shared_state(c, *relays, std::move(alternates.config), db_source);
    if (!shared) return logger.error(shared.error()), kExitConfig;
    auto tls = load_tls(c);
    if (!tls) return logger.error(tls.error()), kExitConfig;
    const auto cookies = DtlsCookies::with_random_secret();
    if (!cookies) return logger.error("no randomness for the DTLS cookie secret"), kExitStart;
    auto listeners = open_listeners(c, listen_plan(c, config::tls_enabled(c), config::dtls_enabled(c)), threads, logger);
    if (!listeners) return logger.error(listeners.error()), kExitStart;
    auto operations = Operations::bind(c, logger);
    if (!operations) return logger.error(operations.error()), kExitStart;
    auto pidfile = become_daemon(c);
    if (!pidfile) return logger.error(pidfile.error()), kExitStart;
    const auto user_db = start_user_db(c, db_plan, db_source, **shared,
                                       QuotaDefaults{c.user_quota, effective_total_quota(c)}, logger);
    auto mailboxes = make_mailboxes(threads);
    if (!mailboxes) return logger.error(mailboxes.error()), kExitStart;
    auto workers =
        make_workers(**shared, std::move(*listeners), client_settings(c, tls->get(), *cookies), *mailboxes, logger);
    if (!workers) return logger.error(workers.error()), kExitStart;
    const std::string capacity = log_capacity(c, (*shared)->config, service.descriptors, logger);
    for (const auto& notice : alternates.notices) logger.info(notice);
    log_started(c, (*shared)->config, threads, logger);
    ReloadSource reload{std::move(args), c, auth_required(c), db_source, tls->get()};
    run_until_signalled(*workers, tls->get(), {&*operations, *mailboxes, shared->get(), std::move(reload)},
                        service.notifier, capacity, logger);
    workers->clear();
    logger.info("turnserver stopped");
    return kExitOk;
}

}  // namespace
}  // namespace turn::server

int main(int argc, char** argv) {
    using namespace turn;
    std::signal(SIGPIPE, SIG_IGN);
    const auto loaded = config::load_config(argc, argv);
    if (const int rc = server::print_diagnostics(loaded); rc != 0) return rc;
    switch (loaded.action) {
        case config::Action::PrintHelp: std::cout << config::help_text("turnserver"); return 0;
        case config::Action::PrintVersion: std::cout << config::version() << "\n"; return 0;
        case config::Action::PrintConfig: std::cout << config::print_config(loaded.config); return 0;
        case config::Action::Run: break;
    }
    return server::run_server(loaded.config, std::vector<std::string>(argv, argv + argc));
}
