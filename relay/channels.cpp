#include "relay/channels.hpp"

namespace turn::relay {

BindResult ChannelTable::bind(std::uint16_t number, const proto::TransportAddress& peer, Millis now,
                              Millis expires_at) {
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        Entry& e = entries_[i];
        const bool same_number = e.number == number;
        const bool same_peer = e.peer == peer;
        if (same_number && same_peer) {  // refresh (or revive within the cooldown)
            e.expires_at = expires_at;
            return BindResult::Bound;
        }
        // Live or cooling down, the other half of the pair is taken (§12.2).
        if (e.expires_at + kRebindCooldown > now) {
            if (same_number) return BindResult::NumberInUse;
            if (same_peer) return BindResult::PeerInUse;
        }
    }
    expire(now);
    if (!entries_.push_back({number, peer, expires_at})) return BindResult::TableFull;
    return BindResult::Bound;
}

const proto::TransportAddress* ChannelTable::peer_of(std::uint16_t number, Millis now) const {
    for (const auto& e : entries_)
        if (e.number == number && e.expires_at > now) return &e.peer;
    return nullptr;
}

std::uint16_t ChannelTable::number_of(const proto::TransportAddress& peer, Millis now) const {
    for (const auto& e : entries_)
        if (e.expires_at > now && e.peer == peer) return e.number;
    return 0;
}

void ChannelTable::expire(Millis now) {
    FixedVector<Entry, kMaxChannels> kept;
    for (const auto& e : entries_)
        if (e.expires_at + kRebindCooldown > now) kept.push_back(e);
    entries_ = kept;
}

std::size_t ChannelTable::live(Millis now) const {
    std::size_t n = 0;
    for (const auto& e : entries_) n += e.expires_at > now ? 1 : 0;
    return n;
}

}  // namespace turn::relay
