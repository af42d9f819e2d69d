// Channel bindings of one allocation (RFC 8656 §12): channel number <-> peer
// transport address, one to one, each with an expiry. After a binding expires
// neither its number nor its peer may be bound to anything else for 5 minutes
// (§12.2), so expired entries linger as tombstones until then.
#pragma once

#include <cstdint>
#include <optional>

#include "protocol/transport_address.hpp"
#include "relay/clock.hpp"
#include "relay/small_table.hpp"

namespace turn::relay {

enum class BindResult : std::uint8_t {
    Bound,
    NumberInUse,  // the number is bound (or cooling down) for another peer
    PeerInUse,    // the peer is bound (or cooling down) to another number
    TableFull,
};

class ChannelTable {
public:
    static constexpr std::size_t kMaxChannels = 16;
    static constexpr Millis kRebindCooldown = seconds(300);

    BindResult bind(std::uint16_t number, const proto::TransportAddress& peer, Millis now, Millis expires_at);
    // Live bindings only.
    const proto::TransportAddress* peer_of(std::uint16_t number, Millis now) const;
    // The channel bound to exactly this peer address (IP and port), or 0.
    std::uint16_t number_of(const proto::TransportAddress& peer, Millis now) const;
    void expire(Millis now);
    std::size_t live(Millis now) const;

private:
    struct Entry {
        std::uint16_t number;
        proto::TransportAddress peer;
        Millis expires_at;
    };
    SmallTable<Entry, 2, kMaxChannels> entries_;
};

}  // namespace turn::relay
