// What an operator may change while the server runs (turnctl reload): the
// credentials (static users, REST secrets) and the peer address policy.
//
// Each relay thread holds its own copy of these pointers. A reload builds new
// immutable objects on the control thread and sends each worker the pointers
// through its queue (DESIGN.md "Threads and state"); the worker swaps them in
// between two packets. No relay thread ever reads a pointer another thread
// writes, and requests already past authentication finish with what they had.
#pragma once

#include <memory>

#include "auth/authenticator.hpp"
#include "relay/peer_policy.hpp"
#include "relay/shared_state.hpp"

namespace turn::relay {

struct LiveSettings {
    std::shared_ptr<const auth::Authenticator> authenticator;  // null: no authentication (no-auth)
    std::shared_ptr<const PeerPolicy> policy;                  // never null
};

// The start-up objects in `shared`, not owned (they live as long as `shared`).
inline LiveSettings initial_live_settings(const SharedRelayState& shared) {
    LiveSettings s;
    // Aliasing constructors with no owner: pointers that share nothing.
    if (shared.authenticator) s.authenticator = std::shared_ptr<const auth::Authenticator>(std::shared_ptr<void>(), &*shared.authenticator);
    s.policy = std::shared_ptr<const PeerPolicy>(std::shared_ptr<void>(), &shared.policy);
    return s;
}

}  // namespace turn::relay
