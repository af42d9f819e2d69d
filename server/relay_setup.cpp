#include "server/relay_setup.hpp"

#include <openssl/rand.h>

#include <algorithm>
#include <cstdint>

#include "auth/bytes.hpp"
#include "auth/static_users.hpp"
#include "server/own_endpoints.hpp"
#include "server/addresses.hpp"

namespace turn::server {

relay::PeerPolicyConfig peer_policy_config(const config::Config& c) {
    relay::PeerPolicyConfig p;
    p.own = own_endpoints(c);
    p.allow_loopback = c.allow_loopback_peers;
    auto convert = [](const config::PeerRange& r) {
        relay::IpRange out;
        out.family = r.first.family == config::IpFamily::V4 ? proto::AddressFamily::IPv4 : proto::AddressFamily::IPv6;
        out.first = r.first.bytes;
        out.last = r.last.bytes;
        return out;
    };
    for (const auto& r : c.allowed_peer_ips) p.allowed.push_back(convert(r));
    for (const auto& r : c.denied_peer_ips) p.denied.push_back(convert(r));
    return p;
}

Result<auth::Authenticator, std::string> make_authenticator(const config::Config& c,
                                                            std::shared_ptr<const auth::DbCredentialSource> db) {
    // Back to coturn's own `name:secret` form so one parser serves the file,
    // the command line and this.
    std::vector<std::string> entries;
    for (const auto& u : c.users) entries.push_back(u.name + ":" + (u.key ? "0x" + auth::hex_encode(*u.key) : u.password));
    auto users = auth::load_static_users(entries, c.realm);
    if (!users)
        return unexpected("user " + c.users[users.error().index].name + ": " +
                          std::string(auth::static_user_error_name(users.error().error)));
    auth::AuthConfig ac;
    ac.realm = c.realm;
    ac.static_users = std::move(*users);
    ac.rest_secrets = c.static_auth_secrets;
    ac.use_auth_secret = c.use_auth_secret;
    ac.rest_separator = c.rest_api_separator;
    ac.db = std::move(db);
    ac.oauth = c.oauth;
    ac.oauth_server_name = c.server_name;
    auto a = auth::Authenticator::create(std::move(ac));
    if (!a) return unexpected(std::string(auth::auth_config_error_name(a.error())));
    return std::move(*a);
}

// bps-capacity reserves max-bps for each allocation: the capacity holds that
// many allocations, beyond which new ones get 508 like any full server.
std::uint32_t effective_total_quota(const config::Config& c) {
    if (c.bps_capacity == 0 || c.max_bps == 0) return c.total_quota;
    const std::uint64_t by_bandwidth = std::max<std::uint64_t>(1, c.bps_capacity / c.max_bps);
    const std::uint64_t cap = c.total_quota == 0 ? by_bandwidth : std::min<std::uint64_t>(c.total_quota, by_bandwidth);
    return static_cast<std::uint32_t>(std::min<std::uint64_t>(cap, UINT32_MAX));
}

namespace {

relay::RelayConfig relay_config(const config::Config& c, std::vector<relay::RelayAddress> relays,
                                relay::AlternateServersConfig alternates) {
    relay::RelayConfig rc;
    rc.auth_required = auth_required(c);
    rc.max_lifetime = static_cast<std::uint32_t>(c.max_allocate_lifetime.count());
    rc.permission_lifetime = static_cast<std::uint32_t>(c.permission_lifetime.count());
    rc.channel_lifetime = static_cast<std::uint32_t>(c.channel_lifetime.count());
    rc.user_quota = c.user_quota;
    rc.total_quota = effective_total_quota(c);
    rc.max_bps = c.max_bps;
    rc.unauthorized_rps = c.unauthorized_ratelimit ? c.unauthorized_ratelimit_rps : 0;
    rc.fingerprint = c.fingerprint;
    rc.stun_only = c.stun_only;
    rc.no_stun = c.no_stun;
    rc.tcp_relay = !c.no_tcp_relay;
    rc.tcp_bind_timeout = static_cast<std::uint32_t>(c.tcp_relay_bind_timeout.count());
    rc.mobility = c.mobility;
    rc.relay_addresses = std::move(relays);
    rc.discovery = nat_discovery(c);
    rc.alternates = std::move(alternates);
    return rc;
}

}  // namespace

bool auth_required(const config::Config& c) {
    // A user database given explicitly means its users are wanted.
    return !c.no_auth &&
           (c.lt_cred_mech || c.use_auth_secret || c.oauth || !c.users.empty() || !c.userdb.empty());
}

Result<std::unique_ptr<relay::SharedRelayState>, std::string> make_shared_state(
    const config::Config& c, std::vector<relay::RelayAddress> relays, relay::AlternateServersConfig alternates,
    std::shared_ptr<const auth::DbCredentialSource> db) {
    auth::NonceIssuer::MasterSecret secret{};
    relay::MobilityTickets::Secret ticket_secret{};
    if (RAND_bytes(secret.data(), static_cast<int>(secret.size())) != 1 ||
        RAND_bytes(ticket_secret.data(), static_cast<int>(ticket_secret.size())) != 1)
        return unexpected(std::string("no randomness for the nonce and mobility ticket secrets"));
    // Without stale-nonce, nonces still expire (10 minutes, coturn's default
    // value for the option): a nonce that never expires lets a captured
    // request be replayed forever.
    const std::int64_t nonce_lifetime = c.stale_nonce ? c.stale_nonce->count() : 600;
    std::optional<auth::Authenticator> authenticator;
    if (auth_required(c)) {
        auto a = make_authenticator(c, std::move(db));
        if (!a) return unexpected(a.error());
        authenticator = std::move(*a);
    }
    std::vector<std::unique_ptr<relay::PortPool>> pools;
    for (std::size_t i = 0; i < relays.size(); ++i)
        pools.push_back(std::make_unique<relay::PortPool>(c.min_port, c.max_port));
    // Built in place: Quota and the pools hold mutexes and cannot move.
    return std::unique_ptr<relay::SharedRelayState>(new relay::SharedRelayState{
        relay_config(c, std::move(relays), std::move(alternates)), std::move(pools), relay::Quota(c.user_quota, effective_total_quota(c)),
        std::move(authenticator), auth::NonceIssuer(secret, nonce_lifetime), relay::PeerPolicy(peer_policy_config(c)), {},
        relay::MobilityTickets(ticket_secret)});
}

}  // namespace turn::server
