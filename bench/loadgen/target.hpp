// One server under test, as the load client sees it: where it listens, its
// pid (for /proc), the client's peer socket for it, and its flows.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "bench/loadgen/control.hpp"
#include "bench/loadgen/net.hpp"
#include "bench/loadgen/proc_stats.hpp"
#include "protocol/channel_data.hpp"

namespace turn::bench {

enum class TargetKind : std::uint8_t {
    Turn,   // a TURN server: flows are allocations with a channel, data is ChannelData
    Floor,  // turn_floor (bench/forwarder/): flows by a HELLO datagram, data is raw payload
};

// A client socket with an allocation whose channel kChannel is bound to the
// peer (or, on the floor, a flow made by HELLO).
struct Flow {
    Fd fd;
    sockaddr_in relayed{};
    std::string nonce;  // for the Refresh that frees it
    Fd peer;            // the flow's own peer socket, on targets with distinct peers; else unset
};

struct Target {
    std::string name;
    TargetKind kind = TargetKind::Turn;
    sockaddr_in server{};
    pid_t pid = 0;
    Fd peer;  // receives what the relay sends to peers; sends and echoes to relayed addresses
    sockaddr_in peer_addr{};
    // One peer socket per flow instead of the shared `peer`: coturn's
    // multiplex-peer mode tells allocations apart by the peer's address.
    bool distinct_peers = false;
    std::vector<Flow> flows;
    DropScope drop_scope;  // which sockets' drops are the server's and which the client's
};

// The socket that plays the peer of `f`.
inline int peer_fd(const Target& t, const Flow& f) { return t.distinct_peers ? f.peer.get() : t.peer.get(); }

// Bytes in front of the payload between client and relay: the ChannelData
// header for TURN, nothing on the floor.
inline std::size_t client_framing(const Target& t) {
    return t.kind == TargetKind::Turn ? proto::kChannelDataHeaderSize : 0;
}

// Writes that framing for a payload of `payload` bytes at the front of `out`
// (at least 4 bytes) and returns its size.
inline std::size_t write_client_framing(const Target& t, std::span<std::uint8_t> out, std::size_t payload) {
    if (t.kind != TargetKind::Turn) return 0;
    proto::write_channel_data_header(out.first<proto::kChannelDataHeaderSize>(), kChannel,
                                     static_cast<std::uint16_t>(payload));
    return proto::kChannelDataHeaderSize;
}

}  // namespace turn::bench
