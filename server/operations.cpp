#include "server/operations.hpp"

#include "server/addresses.hpp"
#include "server/metrics.hpp"

namespace turn::server {
namespace {

constexpr int kAdminBacklog = 16;

Result<std::optional<AdminEndpoints>, std::string> bind_admin(const config::Config& c, Logger& log) {
    if (c.no_cli) return std::optional<AdminEndpoints>{};
    AdminEndpoints e;
    const std::string path = c.admin_socket.empty() ? config::kDefaultAdminSocket : c.admin_socket;
    if (auto l = UnixListener::open(path)) {
        e.unix_socket.emplace(std::move(*l));
    } else if (!c.admin_socket.empty()) {
        return unexpected("admin-socket: " + l.error());
    } else {
        log.warning("no admin socket (turnctl): " + l.error() + "; set admin-socket, or no-cli to say none is wanted");
    }
    if (c.admin_port != 0) {
        // For this machine only (coturn's CLI listens on 127.0.0.1 by
        // default too); anything wider belongs behind an SSH tunnel.
        const auto at = proto::TransportAddress::v4({127, 0, 0, 1}, c.admin_port);
        auto fd = open_tcp_listener(at, {.reuse_port = false, .backlog = kAdminBacklog});
        if (!fd) return unexpected("admin-port: " + fd.error().what);
        e.tcp = std::move(*fd);
        e.password_hash = c.admin_password_hash;
        log.info("admin interface on " + at.to_string() + " (password required)");
    }
    return std::optional<AdminEndpoints>(std::move(e));
}

MetricsSources metrics_sources(const config::Config& c, const std::vector<std::unique_ptr<Worker>>& workers,
                               const relay::SharedRelayState& shared) {
    MetricsSources s;
    for (const auto& w : workers) s.workers.push_back(w->stats());
    for (std::size_t i = 0; i < shared.pools.size(); ++i)
        s.pools.push_back({shared.config.relay_addresses.at(i).local.ip_string(), shared.pools[i].get()});
    s.realm = c.realm;
    s.username_labels = c.prometheus_username_labels;
    return s;
}

}  // namespace

Result<Operations, std::string> Operations::bind(const config::Config& c, Logger& log) {
    Operations ops;
    ops.config_ = c;
    if (c.prometheus) {
        auto m = MetricsServer::create({to_transport(c.prometheus_address, c.prometheus_port), c.prometheus_path}, log);
        if (!m) return unexpected(m.error());
        ops.metrics_ = std::move(*m);
    }
    auto admin = bind_admin(c, log);
    if (!admin) return unexpected(admin.error());
    if (*admin) ops.admin_endpoints_.emplace(std::move(**admin));
    return ops;
}

void Operations::start(event_base* base, const std::vector<std::unique_ptr<Worker>>& workers,
                       std::shared_ptr<WorkerMailboxes> mailboxes, const relay::SharedRelayState& shared,
                       ReloadSource reload, std::function<void()> shutdown, Logger& log) {
    if (metrics_) {
        if (config_.prometheus_username_labels)
            for (const auto& w : workers) w->track_users();
        metrics_->start([sources = metrics_sources(config_, workers, shared)] { return render_metrics(sources); });
    }
    if (!admin_endpoints_) return;
    try {
        control_ =
            std::make_unique<ControlPlane>(base, std::move(mailboxes), std::move(reload), log, std::move(shutdown));
    } catch (const std::exception& e) {  // no eventfd: the relay runs on, without turnctl
        log.error(std::string("admin interface off: ") + e.what());
        return admin_endpoints_.reset();
    }
    admin_ = std::make_unique<AdminServer>(base, std::move(*admin_endpoints_), *control_, log);
    admin_endpoints_.reset();
}

void Operations::stop() {
    admin_.reset();
    control_.reset();
    metrics_.reset();
}

}  // namespace turn::server
