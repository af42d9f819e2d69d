// The server's own listening endpoints, which the relay must never send to
// (PeerVerdict::ServerItself): a relay that reaches its own listeners can
// loop traffic through itself and reach the services that share its host.
#pragma once

#include "relay/peer_policy.hpp"
#include "server/config/config.hpp"

namespace turn::server {

// Every port the server or turnsignal (same config file) may listen on
// (TURN, TLS, the RFC 5780 alternates, aux-server, signaling), at every
// address they listen on: the listening and aux-server IPs (for wildcard
// listeners every local address and all of loopback), the signaling IP, and
// the public external-ip addresses, which NAT hairpinning may turn back
// into ours.
relay::OwnEndpoints own_endpoints(const config::Config& c);

}  // namespace turn::server
