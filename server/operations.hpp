// The operations side of turnserver, put together: the Prometheus endpoint
// on its own thread (metrics_server.hpp), and the admin interface with the
// control plane behind it on the control thread (admin_server.hpp,
// control_plane.hpp).
//
// bind() opens the sockets with the listeners, before the process detaches
// and drops privileges; start() wires them to the workers before those run.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "protocol/result.hpp"
#include "relay/shared_state.hpp"
#include "server/admin_server.hpp"
#include "server/config/config.hpp"
#include "server/control_plane.hpp"
#include "server/logger.hpp"
#include "server/metrics_server.hpp"
#include "server/worker.hpp"

namespace turn::server {

class Operations {
public:
    // An endpoint the operator asked for that cannot be opened is an error;
    // the default admin socket only warns (its folder may not exist).
    static Result<Operations, std::string> bind(const config::Config& c, Logger& log);

    // `shutdown` ends the server as SIGTERM does.
    void start(event_base* base, const std::vector<std::unique_ptr<Worker>>& workers,
               std::shared_ptr<WorkerMailboxes> mailboxes, const relay::SharedRelayState& shared, ReloadSource reload,
               std::function<void()> shutdown, Logger& log);
    // After the workers are joined and before they are destroyed: the metrics
    // thread reads their counters, and their answers reach the control plane.
    void stop();

private:
    Operations() = default;

    config::Config config_;
    std::unique_ptr<MetricsServer> metrics_;
    std::optional<AdminEndpoints> admin_endpoints_;
    std::unique_ptr<ControlPlane> control_;
    std::unique_ptr<AdminServer> admin_;
};

}  // namespace turn::server
