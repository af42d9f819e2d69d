// alternate-server and tls-alternate-server (RFC 8489 §10) from the config:
// the lists the relay core redirects Allocate requests to.
#pragma once

#include <string>
#include <vector>

#include "relay/alternate_servers.hpp"
#include "server/config/config.hpp"

namespace turn::server {

struct AlternatesSetup {
    relay::AlternateServersConfig config;
    std::vector<std::string> notices;  // for the log: what is redirected, or why not
};

// As coturn, a list naming one of this server's own listening endpoints
// redirects nobody (a redirect to itself would loop), and says so.
AlternatesSetup alternates_setup(const config::Config& c);

}  // namespace turn::server
