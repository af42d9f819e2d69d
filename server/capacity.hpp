// How many allocations the server's limits let it hold at once, worked out
// at start and logged as one line, so an operator learns at start-up (not
// under load) which limit binds. Pure arithmetic over numbers the caller
// gathers (process.hpp reads the descriptor limit and the open descriptors).
//
// Each UDP allocation costs one descriptor (its relay socket) and one relay
// port; a TCP or TLS client also holds its connection, and a dual-stack
// allocation (RFC 8656 §7.2, ADDITIONAL-ADDRESS-FAMILY) a socket and a port
// per family, so the line is the ceiling for the common case, UDP clients
// with one relayed address each.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "relay/relay_config.hpp"

namespace turn::server {

// Relay ports per address family: each relay IP has the whole
// min-port..max-port range to itself (one PortPool per relay IP).
struct RelayPorts {
    std::uint64_t ipv4 = 0;
    std::uint64_t ipv6 = 0;
    std::size_t ipv4_addresses = 0;
    std::size_t ipv6_addresses = 0;
    std::uint64_t total() const { return ipv4 + ipv6; }
};

RelayPorts relay_ports(const std::vector<relay::RelayAddress>& relays, std::uint16_t min_port, std::uint16_t max_port);

struct CapacityInputs {
    std::uint64_t descriptor_limit = 0;  // soft RLIMIT_NOFILE
    std::uint64_t descriptors_reserved = 0;  // held by the server itself, plus headroom
    RelayPorts ports;
    std::uint32_t quota = 0;  // total-quota (as lowered by bps-capacity); 0: none
};

enum class CapacityLimit : std::uint8_t { Descriptors, RelayPorts, Quota };

struct Capacity {
    std::uint64_t allocations = 0;  // the smallest of the three
    CapacityLimit limited_by = CapacityLimit::RelayPorts;
    std::uint64_t by_descriptors = 0;
    std::uint64_t by_ports = 0;
    std::optional<std::uint64_t> by_quota;  // none without total-quota
};

Capacity allocation_capacity(const CapacityInputs& in);

// The start-up line, e.g. "capacity: 15000 allocations (limited by relay
// ports: 15000 IPv4 on 2 addresses; descriptors allow 19936 = limit 20000 -
// 64 held by the server; total-quota none)".
std::string describe_capacity(const CapacityInputs& in, const Capacity& c);

// A warning when descriptors cap the server below what its relay ports (and
// total-quota) allow, naming the limit to set; none otherwise.
std::optional<std::string> descriptor_warning(const CapacityInputs& in, const Capacity& c);

}  // namespace turn::server
