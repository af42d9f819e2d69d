// Starting as root. turnserver binds its listeners as whoever starts it and
// then becomes proc-user / proc-group (become_daemon in turnserver_main.cpp):
// root is needed for ports below 1024 and for nothing after. Without
// proc-user a root server stays root for its whole life, so any flaw in it
// hands out the machine.
//
// - Root without proc-user: a warning naming proc-user.
// - Root without proc-user, anonymous access (no authentication) and
//   allow-loopback-peers: refused. Anyone who reaches the port could then
//   talk, through a root process, to every service listening on the host's
//   loopback (what coturn's CVE-2018-4058 was: relaying to loopback by
//   default). allow-root starts it anyway, for a throwaway test machine.
#pragma once

#include <vector>

#include "server/config/config.hpp"
#include "server/option_support.hpp"

namespace turn::server {

std::vector<OptionNotice> root_notices(const config::Config& c, bool running_as_root);

}  // namespace turn::server
