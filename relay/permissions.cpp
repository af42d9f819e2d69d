#include "relay/permissions.hpp"

namespace turn::relay {
namespace {

auto same_ip(const proto::TransportAddress& peer) {
    return [&peer](const auto& e) { return e.family == peer.family && e.ip == peer.ip; };
}

}  // namespace

bool PermissionTable::install(const proto::TransportAddress& peer, Millis expires_at) {
    if (Entry* e = entries_.find_if(same_ip(peer))) {
        e->expires_at = expires_at;
        return true;
    }
    return entries_.push_back({peer.family, peer.ip, expires_at});
}

bool PermissionTable::has_room_for(std::span<const proto::TransportAddress> peers) const {
    std::size_t added = 0;
    for (std::size_t i = 0; i < peers.size(); ++i) {
        const auto same = same_ip(peers[i]);
        if (entries_.find_if(same) != nullptr) continue;  // a refresh takes no room
        bool repeated = false;
        for (std::size_t j = 0; j < i && !repeated; ++j)
            repeated = peers[j].family == peers[i].family && peers[j].ip == peers[i].ip;
        if (!repeated) ++added;
    }
    return entries_.size() + added <= kMaxPermissions;
}

bool PermissionTable::allows(const proto::TransportAddress& peer, Millis now) const {
    const Entry* e = entries_.find_if(same_ip(peer));
    return e != nullptr && e->expires_at > now;
}

void PermissionTable::expire(Millis now) {
    entries_.retain_if([now](const Entry& e) { return e.expires_at > now; });
}

}  // namespace turn::relay
