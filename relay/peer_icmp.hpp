// ICMP errors for datagrams a relayed transport address sent to a peer
// (RFC 8656 §11.5): which ones reach the client, as a Data indication with
// an ICMP attribute (§18.13) instead of DATA, and how many.
#pragma once

#include <cstdint>

#include "protocol/transport_address.hpp"

namespace turn::relay {

// What the kernel reported: the ICMP type and code, and for "fragmentation
// needed" (ICMPv4 3/4) and "packet too big" (ICMPv6 2) the next-hop MTU.
struct PeerIcmp {
    std::uint8_t type = 0;
    std::uint8_t code = 0;
    std::uint32_t mtu = 0;
};

namespace icmp {
inline constexpr std::uint8_t kV4DestinationUnreachable = 3;
inline constexpr std::uint8_t kV4FragmentationNeeded = 4;  // a code of type 3
inline constexpr std::uint8_t kV4TimeExceeded = 11;
inline constexpr std::uint8_t kV6DestinationUnreachable = 1;
inline constexpr std::uint8_t kV6PacketTooBig = 2;
inline constexpr std::uint8_t kV6TimeExceeded = 3;
}  // namespace icmp

// §11.5: ICMPv4 types 3 and 11, ICMPv6 types 1, 2 and 3 reach the client;
// every other ICMP message is dropped.
bool icmp_relayable(proto::AddressFamily family, std::uint8_t type);

// §18.13 Error Data: the MTU for fragmentation needed and packet too big,
// zero for everything else.
std::uint32_t icmp_error_data(proto::AddressFamily family, const PeerIcmp& icmp);

// Each allocation passes at most this many ICMP reports a second to its
// client (a burst of as many), so nobody who can make ICMP errors arrive
// (a peer, or anyone spoofing them) can make the server send without bound.
inline constexpr std::uint64_t kIcmpReportsPerSecond = 10;

}  // namespace turn::relay
