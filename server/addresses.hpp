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

// Every address of this machine's interfaces, loopback and link-local included.
std::vector<proto::TransportAddress> local_addresses();
// 0.0.0.0 or ::, as a listening address: every local address of the family.
bool is_wildcard(const proto::TransportAddress& a);

proto::TransportAddress to_transport(const config::IpAddress& ip, std::uint16_t port);

// listening-ip values, or 0.0.0.0 and :: when there are none.
std::vector<proto::TransportAddress> listening_addresses(const config::Config& c);

// relay-ip values (each checked to be an address of this machine), else the
// non-wildcard listening IPs, else this machine's non-loopback addresses, else
// loopback. Each paired with the address clients are told.
Result<std::vector<relay::RelayAddress>, std::string> relay_addresses(const config::Config& c);

}  // namespace turn::server
