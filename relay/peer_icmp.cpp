// RFC 8656 §11.5: an ICMP error for a datagram the relay sent to a peer goes
// to the client as a Data indication with XOR-PEER-ADDRESS and ICMP, and no
// DATA, when the peer has a permission.
#include "relay/peer_icmp.hpp"

#include "protocol/attributes.hpp"
#include "relay/relay_core.hpp"

namespace turn::relay {

using namespace proto;

bool icmp_relayable(AddressFamily family, std::uint8_t type) {
    if (family == AddressFamily::IPv4) return type == icmp::kV4DestinationUnreachable || type == icmp::kV4TimeExceeded;
    return type == icmp::kV6DestinationUnreachable || type == icmp::kV6PacketTooBig || type == icmp::kV6TimeExceeded;
}

std::uint32_t icmp_error_data(AddressFamily family, const PeerIcmp& e) {
    const bool carries_mtu = family == AddressFamily::IPv4
                                 ? e.type == icmp::kV4DestinationUnreachable && e.code == icmp::kV4FragmentationNeeded
                                 : e.type == icmp::kV6PacketTooBig;
    return carries_mtu ? e.mtu : 0;
}

void RelayCore::on_peer_icmp(Allocation& a, const TransportAddress& peer, const PeerIcmp& e) {
    const Millis now = clock_.now();
    // §11.5: only the ICMP types above, and only about a peer the client
    // has a permission for (a report about any other address would tell
    // the client about traffic it never asked the relay to send).
    if (!icmp_relayable(peer.family, e.type) || !a.permissions.allows(peer, now) ||
        !a.icmp_budget.allow(kIcmpReportsPerSecond, now, 1)) {
        ++counters_.dropped_icmp;
        return;
    }
    ++counters_.icmp_reports;
    indicate(a.client, Method::Data, [&](MessageBuilder& b) {
        b.add(XorPeerAddress{peer}).add(Icmp{e.type, e.code, icmp_error_data(peer.family, e)});
    });
}

}  // namespace turn::relay
