// The per-packet path (RFC 8656 §11-12): Send indications and ChannelData
// from clients to peers, and peer datagrams back as ChannelData or Data
// indications. No locks, no heap, no logging, no copies of the payload:
// headers are written into the receive buffer's headroom.
#include <algorithm>

#include "protocol/attributes.hpp"
#include "protocol/byte_order.hpp"
#include "protocol/channel_data.hpp"
#include "relay/relay_core.hpp"

namespace turn::relay {

using namespace proto;

void RelayCore::relay_to_peer(Allocation& a, const TransportAddress& peer, std::span<const std::uint8_t> data,
                              Millis now) {
    // RFC 8656 §9.1: a peer leaves through the relayed address of its own
    // family. Every peer with a permission has one (check_peer), so the test
    // only guards the invariant.
    const RelayEndpoint& from = a.relays[peer.family];
    if (!from.open()) return;
    if (!a.to_peer_budget.allow(a.max_bps, now, data.size())) {
        ++a.traffic.dropped_over_bandwidth;
        return;
    }
    ++a.traffic.packets_to_peer;
    a.traffic.bytes_to_peer += data.size();
    transport_.send_to_peer(from.socket, peer, data);
}

void RelayCore::on_send_indication(const ClientKey& from, const StunMessage& msg) {
    Allocation* a = allocations_.find(from);
    // A TCP allocation (RFC 6062) carries data on data connections only.
    if (a == nullptr || a->tcp) {
        ++counters_.dropped_no_allocation;
        return;
    }
    note_client_active(*a, from);
    // RFC 8656 §11.2: without XOR-PEER-ADDRESS and DATA, or without a
    // permission, the indication is silently discarded.
    const auto peer = msg.get<XorPeerAddress>();
    const auto data = msg.get<DataAttr>();
    // RFC 8489 §6.3.1: so is an indication with a comprehension-required
    // attribute the server does not know.
    if (!peer || !data || !msg.unknown_comprehension_required().types.empty()) {
        ++counters_.dropped_malformed;
        return;
    }
    const Millis now = clock_.now();
    if (!a->permissions.allows(peer->address, now)) {
        ++counters_.dropped_no_permission;
        return;
    }
    // §11.2: DONT-FRAGMENT asks for DF on this datagram. Where DF cannot be
    // set the attribute counts as unknown comprehension-required, and an
    // indication with one is discarded.
    if (!a->dont_fragment && msg.has(AttrType::DontFragment) && !set_dont_fragment(*a)) {
        ++counters_.dropped_malformed;
        return;
    }
    relay_to_peer(*a, peer->address, data->value, now);
}

void RelayCore::on_channel_data(const ClientKey& from, std::span<const std::uint8_t> bytes) {
    const auto cd = decode_channel_data(bytes);
    if (!cd) {
        ++counters_.dropped_malformed;
        return;
    }
    Allocation* a = allocations_.find(from);
    if (a == nullptr) {
        ++counters_.dropped_no_allocation;
        return;
    }
    note_client_active(*a, from);
    // RFC 8656 §12.6: data on an unbound channel is discarded; the peer must
    // also still have a permission.
    const Millis now = clock_.now();
    const TransportAddress* peer = a->channels.peer_of(cd->channel, now);
    if (peer == nullptr || !a->permissions.allows(*peer, now)) {
        ++counters_.dropped_no_permission;
        return;
    }
    relay_to_peer(*a, *peer, cd->payload, now);
}

void RelayCore::on_peer_datagram(Allocation& a, const TransportAddress& peer, PacketView p) {
    const Millis now = clock_.now();
    // RFC 8656 §10.3: only peers with a permission reach the client.
    if (!a.permissions.allows(peer, now)) {
        ++counters_.dropped_no_permission;
        return;
    }
    if (!a.to_client_budget.allow(a.max_bps, now, p.size)) {
        ++a.traffic.dropped_over_bandwidth;
        return;
    }
    ++a.traffic.packets_to_client;
    a.traffic.bytes_to_client += p.size;
    if (const std::uint16_t channel = a.channels.number_of(peer, now); channel != 0) {
        // RFC 8656 §12.5: over TCP and TLS the frame is padded to 4 bytes;
        // over UDP and DTLS it is not.
        const std::size_t padding = a.client.is_stream() ? pad4(p.size) - p.size : 0;
        if (p.headroom < kChannelDataHeaderSize || p.tailroom < padding || p.size > 0xFFFF) return;
        std::uint8_t* start = p.data - kChannelDataHeaderSize;
        write_channel_data_header(std::span<std::uint8_t, kChannelDataHeaderSize>(start, kChannelDataHeaderSize),
                                  channel, static_cast<std::uint16_t>(p.size));
        std::fill_n(p.data + p.size, padding, std::uint8_t{0});
        return transport_.send_to_client(a.deliver_to(), {start, p.size + kChannelDataHeaderSize + padding});
    }
    // A Data indication: header, XOR-PEER-ADDRESS, DATA header, then the
    // payload already in place, then zeroed padding (RFC 8656 §11.4).
    const std::size_t addr_size = address_value_size(peer);
    const std::size_t head = kHeaderSize + kAttrHeaderSize + addr_size + kAttrHeaderSize;
    const std::size_t padding = pad4(p.size) - p.size;
    const std::size_t body = head - kHeaderSize + p.size + padding;
    if (p.headroom < head || p.tailroom < padding || body > 0xFFFF) return;
    std::uint8_t* h = p.data - head;
    store_be16(h, encode_message_type({Method::Data, MessageClass::Indication}));
    store_be16(h + 2, static_cast<std::uint16_t>(body));
    store_be32(h + 4, kMagicCookie);
    tids_.next(h + 8);
    TransactionId tid;
    std::copy_n(h + 8, 12, tid.bytes.begin());
    std::uint8_t* attr = h + kHeaderSize;
    store_be16(attr, static_cast<std::uint16_t>(AttrType::XorPeerAddress));
    store_be16(attr + 2, static_cast<std::uint16_t>(addr_size));
    encode_address({attr + kAttrHeaderSize, addr_size}, peer, true, tid);
    attr += kAttrHeaderSize + addr_size;
    store_be16(attr, static_cast<std::uint16_t>(AttrType::Data));
    store_be16(attr + 2, static_cast<std::uint16_t>(p.size));
    std::fill_n(p.data + p.size, padding, std::uint8_t{0});
    transport_.send_to_client(a.deliver_to(), {h, head + p.size + padding});
}

}  // namespace turn::relay
