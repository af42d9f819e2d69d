#include "signaling/turnsignal_usage.hpp"

#include <algorithm>
#include <iterator>
#include <string_view>

#include "server/config/option_table.hpp"

namespace turn::signaling {
namespace {

// The shared options turnsignal reads besides its own signaling-* ones.
constexpr std::string_view kSharedOptions[] = {
    "config", "no-config", "help", "version", "listening-port", "tls-listening-port", "listening-ip",
    "external-ip", "no-udp", "no-tcp", "no-tls", "cert", "pkey", "cipher-list", "dh-file", "ec-curve-name",
    "no-tlsv1_2", "no-auth", "use-auth-secret", "static-auth-secret", "rest-api-separator", "log-file",
    "syslog", "log-json", "verbose", "Verbose",
};

bool read_by_turnsignal(const config::OptionDescriptor& option) {
    return option.name.starts_with("signaling-") ||
           std::find(std::begin(kSharedOptions), std::end(kSharedOptions), option.name) != std::end(kSharedOptions);
}

}  // namespace

usage::Usage turnsignal_usage() {
    return {"turnsignal",
            {"[-c turnserver.conf] [options]"},
            "The signaling service and web server for browser calls through turnserver. It reads turnserver's "
            "config file and flags; the options below matter to it, the others are accepted and ignored.",
            config::options_usage(read_by_turnsignal),
            "0 after a clean stop, 1 for a bad config (a TLS certificate that cannot be loaded "
            "included), 2 when it cannot start (a port in use, an address that is not this machine's)."};
}

}  // namespace turn::signaling
