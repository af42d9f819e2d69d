// Builds the state all workers share (relay::SharedRelayState) from the
// parsed config: lifetimes, quotas, credentials, peer policy, port pools.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "protocol/result.hpp"
#include "relay/shared_state.hpp"
#include "server/config/config.hpp"

namespace turn::server {

// Whether requests need long-term credentials, as coturn decides: on with
// lt-cred-mech, use-auth-secret or configured users, unless no-auth.
bool auth_required(const config::Config& c);

// `alternates`: alternate-server lists (alternates.hpp). `db`: the user
// database's credentials (UserDbReader fills it), or null.
Result<std::unique_ptr<relay::SharedRelayState>, std::string> make_shared_state(
    const config::Config& c, std::vector<relay::RelayAddress> relays, relay::AlternateServersConfig alternates,
    std::shared_ptr<const auth::DbCredentialSource> db = nullptr);

// The parts turnctl reload can change (relay/live_settings.hpp): the
// credentials the config gives (users, REST secrets) over `db`, and the peer
// address policy.
Result<auth::Authenticator, std::string> make_authenticator(const config::Config& c,
                                                            std::shared_ptr<const auth::DbCredentialSource> db);
relay::PeerPolicyConfig peer_policy_config(const config::Config& c);

// total-quota, lowered by bps-capacity / max-bps when both are set.
std::uint32_t effective_total_quota(const config::Config& c);

}  // namespace turn::server
