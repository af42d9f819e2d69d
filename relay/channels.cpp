#include "relay/channels.hpp"

namespace turn::relay {

BindResult ChannelTable::bind(std::uint16_t number, const proto::TransportAddress& peer, Millis now,
                              Millis expires_at) {
    // The same pair refreshes (or revives within the cooldown); otherwise,
    // live or cooling down, either half of an existing pair is taken (§12.2).
    std::optional<BindResult> conflict;
    Entry* same = entries_.find_if([&](const Entry& e) {
        if (e.number == number && e.peer == peer) return true;
        if (!conflict && e.expires_at + kRebindCooldown > now) {
            if (e.number == number) conflict = BindResult::NumberInUse;
            else if (e.peer == peer) conflict = BindResult::PeerInUse;
        }
        return false;
    });
    if (same != nullptr) {
        same->expires_at = expires_at;
        return BindResult::Bound;
    }
    if (conflict) return *conflict;
    expire(now);
    if (!entries_.push_back({number, peer, expires_at})) return BindResult::TableFull;
    return BindResult::Bound;
}

const proto::TransportAddress* ChannelTable::peer_of(std::uint16_t number, Millis now) const {
    const Entry* e = entries_.find_if([&](const Entry& x) { return x.number == number && x.expires_at > now; });
    return e != nullptr ? &e->peer : nullptr;
}

std::uint16_t ChannelTable::number_of(const proto::TransportAddress& peer, Millis now) const {
    const Entry* e = entries_.find_if([&](const Entry& x) { return x.expires_at > now && x.peer == peer; });
    return e != nullptr ? e->number : 0;
}

void ChannelTable::expire(Millis now) {
    entries_.retain_if([now](const Entry& e) { return e.expires_at + kRebindCooldown > now; });
}

std::size_t ChannelTable::live(Millis now) const {
    std::size_t n = 0;
    entries_.for_each([&](const Entry& e) { n += e.expires_at > now ? 1 : 0; });
    return n;
}

}  // namespace turn::relay
