#include "relay/permissions.hpp"

namespace turn::relay {

PermissionTable::Entry* PermissionTable::find(const proto::TransportAddress& peer) {
    for (std::size_t i = 0; i < entries_.size(); ++i)
        if (entries_[i].family == peer.family && entries_[i].ip == peer.ip) return &entries_[i];
    return nullptr;
}

const PermissionTable::Entry* PermissionTable::find(const proto::TransportAddress& peer) const {
    return const_cast<PermissionTable*>(this)->find(peer);
}

bool PermissionTable::install(const proto::TransportAddress& peer, Millis expires_at) {
    if (Entry* e = find(peer)) {
        e->expires_at = expires_at;
        return true;
    }
    return entries_.push_back({peer.family, peer.ip, expires_at});
}

bool PermissionTable::allows(const proto::TransportAddress& peer, Millis now) const {
    const Entry* e = find(peer);
    return e != nullptr && e->expires_at > now;
}

void PermissionTable::expire(Millis now) {
    FixedVector<Entry, kMaxPermissions> kept;
    for (const auto& e : entries_)
        if (e.expires_at > now) kept.push_back(e);
    entries_ = kept;
}

}  // namespace turn::relay
