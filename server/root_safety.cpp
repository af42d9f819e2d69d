#include "server/root_safety.hpp"

#include "server/relay_setup.hpp"

namespace turn::server {

std::vector<OptionNotice> root_notices(const config::Config& c, bool running_as_root) {
    if (!running_as_root || !c.proc_user.empty()) return {};
    if (c.allow_loopback_peers && !auth_required(c) && !c.allow_root)
        return {{true,
                 "refusing to run as root without proc-user while anyone, without credentials, may relay to "
                 "loopback peers (allow-loopback-peers with no authentication): set proc-user (and proc-group), "
                 "turn on authentication or drop allow-loopback-peers; allow-root starts it anyway"}};
    return {{false, "running as root: set proc-user (and proc-group) to drop root once the listeners are bound"}};
}

}  // namespace turn::server
