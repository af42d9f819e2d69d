// turnsignal: the room service next to turnserver. Reads the same config
// file (turnserver.conf or YAML, the same flags), serves the web client and
// TURN REST credentials over HTTP(S), and relays signaling between the
// browsers of a room over WebSocket, until SIGTERM or SIGINT. SIGHUP
// reopens the log file, SIGUSR2 re-reads the HTTPS certificate. Under
// systemd (Type=notify) it reports READY=1 once it listens, STOPPING=1 on
// the way out, and WATCHDOG=1 pings when the unit has WatchdogSec=.
//
// Exit status: 0 after a clean stop (and for --help/--version), 1 for a bad
// config (a TLS certificate that cannot be loaded included), 2 when it
// cannot start (a port in use, an address that is not this machine's).
#include <event2/event.h>

#include <csignal>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "server/config/load_config.hpp"
#include "server/event_handles.hpp"
#include "server/logger.hpp"
#include "server/process.hpp"
#include "server/systemd_notify.hpp"
#include "signaling/settings.hpp"
#include "signaling/signal_server.hpp"
#include "signaling/turnsignal_usage.hpp"

namespace turn::signaling {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitConfig = 1;
constexpr int kExitStart = 2;
// How long queued close frames get to leave on shutdown.
constexpr timeval kShutdownGrace{0, 300 * 1000};

server::LogLevel log_level(const config::Config& c) {
    return c.verbosity == config::Verbosity::Normal ? server::LogLevel::Info : server::LogLevel::Debug;
}

struct SignalContext {
    SignalServer* server;
    server::Logger* log;
    event_base* base;
    const server::SystemdNotifier* notifier;
};

void on_signal(evutil_socket_t sig, short, void* arg) {
    auto* ctx = static_cast<SignalContext*>(arg);
    if (sig == SIGHUP) {
        ctx->log->reopen();
        return ctx->log->info("SIGHUP: log reopened");
    }
    if (sig == SIGUSR2) return ctx->server->reload_tls();
    ctx->log->info(std::string("signal ") + strsignal(sig) + ": shutting down");
    (void)ctx->notifier->notify("STOPPING=1");
    ctx->server->shut_down();
    event_base_loopexit(ctx->base, &kShutdownGrace);
}

int run(event_base* base, SignalServer& server, const server::SystemdNotifier& notifier, server::Logger& log) {
    SignalContext ctx{&server, &log, base, &notifier};
    std::vector<server::EventPtr> signals;
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGUSR2}) {
        signals.emplace_back(evsignal_new(base, sig, &on_signal, &ctx));
        if (!signals.back() || event_add(signals.back().get(), nullptr) != 0)
            return log.error("cannot handle signals"), kExitStart;
    }
    log.info("turnsignal started");
    // Its sockets listen: connections queue from here on, and are served as the loop starts.
    if (auto ready = notifier.notify("READY=1"); !ready) log.warning(ready.error());
    const server::WatchdogPinger watchdog(base, notifier, log);
    event_base_dispatch(base);
    return kExitOk;
}

// The web client beside an installed turnsignal (bin/turnsignal and
// share/turnrelay/web under one prefix, as cmake --install and the .deb lay
// them out), else the folder the build names (the source tree's web/).
std::filesystem::path default_web_root() {
    std::error_code ec;
    const auto program = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        auto installed = (program.parent_path() / TURNSIGNAL_INSTALLED_WEB_ROOT).lexically_normal();
        if (std::filesystem::is_directory(installed, ec)) return installed;
    }
    return TURNSIGNAL_WEB_ROOT;
}

int start(const config::Config& c) {
    auto log = server::Logger::open(c.syslog ? "syslog" : c.log_file, log_level(c), "turnsignal",
                                    c.log_json ? server::LogFormat::Json : server::LogFormat::Text);
    if (!log) return std::cerr << "turnsignal: " << log.error() << "\n", kExitConfig;
    server::Logger& logger = **log;
    // One descriptor per browser connection: the soft limit is lifted as turnserver's.
    const auto service = server::start_service(logger);
    auto settings = signal_settings(c, default_web_root());
    if (!settings) return logger.error(settings.error()), kExitConfig;
    for (const auto& w : settings->warnings) logger.warning(w);
    server::EventBasePtr base(event_base_new());
    if (!base) return logger.error("cannot create an event loop"), kExitStart;
    const bool tls = settings->tls.has_value();
    auto server = SignalServer::create(base.get(), std::move(*settings), logger);
    if (!server) return logger.error(server.error()), tls && server.error().starts_with("TLS") ? kExitConfig : kExitStart;
    const int rc = run(base.get(), **server, service.notifier, logger);
    server->reset();
    logger.info("turnsignal stopped");
    return rc;
}

}  // namespace
}  // namespace turn::signaling

int main(int argc, char** argv) {
    using namespace turn;
    std::signal(SIGPIPE, SIG_IGN);
    const auto loaded = config::load_config(argc, argv);
    for (const auto& d : loaded.diagnostics) std::cerr << "turnsignal: " << config::to_string(d) << "\n";
    if (!loaded.ok()) return 1;
    switch (loaded.action) {
        case config::Action::PrintHelp: std::cout << usage::render_help(signaling::turnsignal_usage()); return 0;
        case config::Action::PrintVersion: std::cout << config::version() << "\n"; return 0;
        case config::Action::PrintConfig: std::cout << config::print_config(loaded.config); return 0;
        case config::Action::Run: break;
    }
    return signaling::start(loaded.config);
}
