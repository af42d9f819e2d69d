// Where the server listens and relays, worked out from the config: wildcard
// listeners when no listening-ip is given, relay IPs from relay-ip (or the
// machine's own addresses), and external-ip's public/private mapping.
#pragma once

#include <string>
#include <vector>

#include "protocol/result.hpp"
#include "relay/relay_config.hpp"
#include "server/config/config.hpp"

namespace turn::server {

proto::TransportAddress to_transport(const config::IpAddress& ip, std::uint16_t port);
// 0.0.0.0 or ::
bool is_wildcard(const proto::TransportAddress& a);

// listening-ip values, or 0.0.0.0 and :: when there are none.
std::vector<proto::TransportAddress> listening_addresses(const config::Config& c);

// RFC 5780 NAT behaviour discovery is on with two listening IPs of one
// family (coturn's condition), unless no-rfc5780 or external-ip (behind NAT
// the listening IPs are not what clients reach, so OTHER-ADDRESS would lie).
bool rfc5780_enabled(const config::Config& c);
// The alternate ports in use: as configured, else with RFC 5780 coturn's
// default of the main port plus one; 0: none.
std::uint16_t alt_listening_port(const config::Config& c);
std::uint16_t alt_tls_listening_port(const config::Config& c);
// The relay core's view of the above; empty when discovery is off.
relay::NatDiscoveryConfig nat_discovery(const config::Config& c);

// relay-ip values (each checked to be an address of this machine), else the
// non-wildcard listening IPs, else this machine's non-loopback addresses, else
// loopback. Each paired with the address clients are told.
Result<std::vector<relay::RelayAddress>, std::string> relay_addresses(const config::Config& c);

}  // namespace turn::server
