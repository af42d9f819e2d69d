#include "relay/tcp_connections.hpp"

#include <algorithm>

namespace turn::relay {

TcpConnection* TcpConnectionTable::find(TcpConnectionId id) {
    const auto it = map_.find(id);
    return it == map_.end() ? nullptr : &it->second;
}

TcpConnection& TcpConnectionTable::insert(TcpConnection c) {
    const TcpConnectionId id = c.id;
    by_owner_[c.owner].push_back(id);
    return map_.insert_or_assign(id, std::move(c)).first->second;
}

void TcpConnectionTable::remove(TcpConnectionId id) {
    const auto it = map_.find(id);
    if (it == map_.end()) return;
    const auto owned = by_owner_.find(it->second.owner);
    if (owned != by_owner_.end()) {
        std::erase(owned->second, id);
        if (owned->second.empty()) by_owner_.erase(owned);
    }
    map_.erase(it);
}

std::span<const TcpConnectionId> TcpConnectionTable::owned_by(const ClientKey& owner) const {
    const auto it = by_owner_.find(owner);
    if (it == by_owner_.end()) return {};
    return it->second;
}

const TcpConnection* TcpConnectionTable::find_peer(const ClientKey& owner, const proto::TransportAddress& peer) const {
    for (const TcpConnectionId id : owned_by(owner)) {
        const auto it = map_.find(id);
        if (it != map_.end() && it->second.peer == peer) return &it->second;
    }
    return nullptr;
}

void TcpConnectionTable::collect_expired(Millis now, std::vector<TcpConnectionId>& out) const {
    for (const auto& [id, c] : map_)
        if (c.state != TcpConnectionState::Bound && c.deadline <= now) out.push_back(id);
}

}  // namespace turn::relay
