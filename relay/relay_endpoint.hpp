// The relayed transport addresses of one allocation (RFC 8656 §5): one for a
// plain allocation, one per address family for a dual allocation (§7.2,
// ADDITIONAL-ADDRESS-FAMILY). A peer is relayed through the endpoint of its
// own family (§9.1: a peer of a family the allocation lacks is a 443).
#pragma once

#include <array>
#include <cstdint>

#include "protocol/transport_address.hpp"
#include "relay/transport.hpp"

namespace turn::relay {

// Eight bytes: the bound and the advertised address follow from the relay IP
// (an index into RelayConfig::relay_addresses and SharedRelayState::pools)
// and the port, so the family an allocation does not use costs next to
// nothing (issue 7 counts resident bytes per allocation).
struct RelayEndpoint {
    RelaySocket socket = -1;     // -1: no relayed address of this family
    std::uint16_t relay_ip = 0;  // which relay IP, and so which port pool
    std::uint16_t port = 0;

    bool open() const { return socket >= 0; }
};

// The families in the order the Allocate response lists XOR-RELAYED-ADDRESS.
inline constexpr proto::AddressFamily kFamilies[] = {proto::AddressFamily::IPv4, proto::AddressFamily::IPv6};

class RelayEndpoints {
public:
    RelayEndpoint& operator[](proto::AddressFamily f) { return slots_[slot(f)]; }
    const RelayEndpoint& operator[](proto::AddressFamily f) const { return slots_[slot(f)]; }
    bool has(proto::AddressFamily f) const { return (*this)[f].open(); }

private:
    static std::size_t slot(proto::AddressFamily f) { return f == proto::AddressFamily::IPv6 ? 1 : 0; }
    std::array<RelayEndpoint, 2> slots_;
};

}  // namespace turn::relay
