#include "server/capacity.hpp"

#include <algorithm>

namespace turn::server {

RelayPorts relay_ports(const std::vector<relay::RelayAddress>& relays, std::uint16_t min_port, std::uint16_t max_port) {
    // The config refuses min-port above max-port; PortPool would hold one port then.
    const std::uint64_t per_address = max_port >= min_port ? max_port - min_port + 1u : 1u;
    RelayPorts p;
    for (const auto& r : relays) {
        if (r.local.family == proto::AddressFamily::IPv4) {
            p.ipv4 += per_address;
            ++p.ipv4_addresses;
        } else {
            p.ipv6 += per_address;
            ++p.ipv6_addresses;
        }
    }
    return p;
}

Capacity allocation_capacity(const CapacityInputs& in) {
    Capacity c;
    c.by_descriptors =
        in.descriptor_limit > in.descriptors_reserved ? in.descriptor_limit - in.descriptors_reserved : 0;
    c.by_ports = in.ports.total();
    if (in.quota != 0) c.by_quota = in.quota;
    // Ties name the cheapest limit to change last: ports, then quota, then descriptors.
    c.allocations = c.by_ports;
    c.limited_by = CapacityLimit::RelayPorts;
    if (c.by_quota && *c.by_quota < c.allocations) {
        c.allocations = *c.by_quota;
        c.limited_by = CapacityLimit::Quota;
    }
    if (c.by_descriptors < c.allocations) {
        c.allocations = c.by_descriptors;
        c.limited_by = CapacityLimit::Descriptors;
    }
    return c;
}

namespace {

std::string n(std::uint64_t v) { return std::to_string(v); }

std::string limit_name(CapacityLimit l) {
    switch (l) {
        case CapacityLimit::Descriptors: return "descriptors";
        case CapacityLimit::RelayPorts: return "relay ports";
        case CapacityLimit::Quota: return "total-quota";
    }
    return "?";
}

std::string ports_text(const RelayPorts& p) {
    std::string out = n(p.total()) + " relay ports (";
    out += n(p.ipv4) + " IPv4 on " + n(p.ipv4_addresses) + (p.ipv4_addresses == 1 ? " address" : " addresses");
    if (p.ipv6_addresses > 0)
        out += ", " + n(p.ipv6) + " IPv6 on " + n(p.ipv6_addresses) + (p.ipv6_addresses == 1 ? " address" : " addresses");
    return out + ")";
}

}  // namespace

std::string describe_capacity(const CapacityInputs& in, const Capacity& c) {
    return "capacity: " + n(c.allocations) + " allocations at once, limited by " + limit_name(c.limited_by) +
           " (descriptors: " + n(c.by_descriptors) + " = RLIMIT_NOFILE " + n(in.descriptor_limit) + " - " +
           n(in.descriptors_reserved) + " for the server; " + ports_text(in.ports) + "; total-quota " +
           (c.by_quota ? n(*c.by_quota) : std::string("none")) + ")";
}

std::optional<std::string> descriptor_warning(const CapacityInputs& in, const Capacity& c) {
    if (c.limited_by != CapacityLimit::Descriptors) return std::nullopt;
    const std::uint64_t wanted = c.by_quota ? std::min(c.by_ports, *c.by_quota) : c.by_ports;
    return "the descriptor limit (RLIMIT_NOFILE " + n(in.descriptor_limit) + ") allows only " + n(c.by_descriptors) +
           " allocations, fewer than the " + n(c.by_ports) + " relay ports" +
           (wanted < c.by_ports ? " and total-quota " + n(wanted) : std::string()) + " allow: raise it to at least " +
           n(wanted + in.descriptors_reserved) + " (LimitNOFILE= in the systemd unit, ulimit -n, limits.conf)";
}

}  // namespace turn::server
