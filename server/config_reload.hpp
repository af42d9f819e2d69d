// What turnctl reload changes: the options that may change while the server
// runs, found by comparing every option of the table (server/config) between
// the configuration in effect and the one just read.
#pragma once

#include <string>
#include <vector>

#include "server/config/config.hpp"
#include "server/logger.hpp"

namespace turn::server {

struct ReloadPlan {
    config::Config next;                // the configuration in effect once applied
    std::vector<std::string> applied;   // changed options that take effect now
    std::vector<std::string> restart;   // changed options that need a restart
};

// Users, REST secrets and their mode, peer lists and verbosity take effect;
// the credentials only if authentication stays on or off as it was (turning
// it on or off needs a restart). Everything else that changed needs one.
ReloadPlan plan_reload(const config::Config& running, const config::Config& fresh);

// verbose / Verbose as a log level.
LogLevel log_level(const config::Config& c);

}  // namespace turn::server
