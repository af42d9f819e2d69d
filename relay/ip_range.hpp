// Inclusive IP address ranges, as `denied-peer-ip=10.0.0.0-10.255.255.255`
// writes them, and as CIDR prefixes for the built-in special-purpose blocks.
#pragma once

#include <optional>
#include <string_view>

#include "protocol/transport_address.hpp"

namespace turn::relay {

struct IpRange {
    proto::AddressFamily family = proto::AddressFamily::IPv4;
    std::array<std::uint8_t, 16> first{};
    std::array<std::uint8_t, 16> last{};

    // A prefix such as 127.0.0.0/8 or fe80::/10 (any prefix length, not only
    // whole bytes); nullopt if malformed.
    static std::optional<IpRange> cidr(std::string_view text);
    // "a" or "a-b" (coturn's peer-ip syntax); both ends of one family, a <= b.
    static std::optional<IpRange> parse(std::string_view text);

    bool contains(const proto::TransportAddress& a) const;
};

// ::ffff:a.b.c.d carries an IPv4 address (RFC 4291 §2.5.5.2): policy must
// judge the IPv4 address, or ::ffff:127.0.0.1 would slip past a 127/8 rule.
proto::TransportAddress unmap_ipv4(const proto::TransportAddress& a);
// a.b.c.d as ::ffff:a.b.c.d, so ranges written in that form apply to it too;
// other addresses unchanged.
proto::TransportAddress map_ipv4(const proto::TransportAddress& a);
// The IPv4 address a translator on the relay's network would deliver an
// IPv6 address to: NAT64's well-known prefix 64:ff9b::/96 (RFC 6052 §2.1)
// and 6to4's 2002::/16 (RFC 3056 §2). 64:ff9b::a00:1 reaches 10.0.0.1.
std::optional<proto::TransportAddress> translated_ipv4(const proto::TransportAddress& a);

}  // namespace turn::relay
