#include "server/config_reload.hpp"

#include <algorithm>
#include <string_view>

#include "server/config/option_table.hpp"
#include "server/relay_setup.hpp"

namespace turn::server {
namespace {

constexpr std::string_view kCredentialOptions[] = {"user", "static-auth-secret", "use-auth-secret",
                                                   "rest-api-separator"};
constexpr std::string_view kOtherLiveOptions[] = {"allowed-peer-ip", "denied-peer-ip", "allow-loopback-peers",
                                                  "verbose", "Verbose"};

bool listed(std::string_view name, std::span<const std::string_view> names) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

void take_live_fields(config::Config& next, const config::Config& fresh, bool credentials) {
    if (credentials) {
        next.users = fresh.users;
        next.static_auth_secrets = fresh.static_auth_secrets;
        next.use_auth_secret = fresh.use_auth_secret;
        next.rest_api_separator = fresh.rest_api_separator;
    }
    next.allowed_peer_ips = fresh.allowed_peer_ips;
    next.denied_peer_ips = fresh.denied_peer_ips;
    next.allow_loopback_peers = fresh.allow_loopback_peers;
    next.verbosity = fresh.verbosity;
}

}  // namespace

ReloadPlan plan_reload(const config::Config& running, const config::Config& fresh) {
    ReloadPlan plan{running, {}, {}};
    const bool credentials = auth_required(running) == auth_required(fresh);
    for (const auto& option : config::option_table()) {
        if (option.command_line_only() || option.get(running) == option.get(fresh)) continue;
        const bool live = listed(option.name, kOtherLiveOptions) ||
                          (credentials && listed(option.name, kCredentialOptions));
        (live ? plan.applied : plan.restart).emplace_back(option.name);
    }
    take_live_fields(plan.next, fresh, credentials);
    return plan;
}

LogLevel log_level(const config::Config& c) {
    switch (c.verbosity) {
        case config::Verbosity::Normal: return LogLevel::Info;
        case config::Verbosity::Verbose:
        case config::Verbosity::Extra: return LogLevel::Debug;
    }
    return LogLevel::Info;
}

}  // namespace turn::server
