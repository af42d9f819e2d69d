#include "relay/allocation_table.hpp"

#include <cstring>

namespace turn::relay {

std::size_t ClientKeyHash::operator()(const ClientKey& k) const {
    // FNV-1a over the address bytes, port and listener: cheap and allocation-free.
    std::uint64_t h = 1469598103934665603ull;
    auto mix = [&h](std::uint64_t v) {
        h ^= v;
        h *= 1099511628211ull;
    };
    std::uint64_t lo = 0;
    std::uint64_t hi = 0;
    std::memcpy(&lo, k.addr.ip.data(), 8);
    std::memcpy(&hi, k.addr.ip.data() + 8, 8);
    mix(lo);
    mix(hi);
    mix((std::uint64_t{k.addr.port} << 32) | k.listener);
    return static_cast<std::size_t>(h ^ (h >> 29));
}

Allocation* AllocationTable::find(const ClientKey& k) const {
    const auto it = map_.find(k);
    if (it != map_.end()) return it->second.get();
    // A miss costs one more lookup only while some handoff is under way.
    if (leaving_.empty()) return nullptr;
    const auto old = leaving_.find(k);
    if (old == leaving_.end()) return nullptr;
    const auto moved = map_.find(old->second);
    return moved == map_.end() ? nullptr : moved->second.get();
}

Allocation* AllocationTable::find_mobile(std::uint64_t id) const {
    const auto it = mobile_.find(id);
    return it == mobile_.end() ? nullptr : find(it->second);
}

Allocation& AllocationTable::insert(std::unique_ptr<Allocation> a) {
    auto key = a->client;
    if (a->mobility) {
        mobile_[a->mobility->id] = key;
        if (a->mobility->old_client) leaving_[*a->mobility->old_client] = key;
    }
    auto& slot = map_[key];
    slot = std::move(a);
    return *slot;
}

std::unique_ptr<Allocation> AllocationTable::remove(const ClientKey& k) {
    const auto it = map_.find(k);
    if (it == map_.end()) return nullptr;
    auto a = std::move(it->second);
    map_.erase(it);
    if (a->mobility) {
        mobile_.erase(a->mobility->id);
        if (a->mobility->old_client) leaving_.erase(*a->mobility->old_client);
    }
    return a;
}

void AllocationTable::end_handoff(Allocation& a) {
    if (!a.mobility || !a.mobility->old_client) return;
    leaving_.erase(*a.mobility->old_client);
    a.mobility->old_client.reset();
}

void AllocationTable::collect_expired(Millis now, std::vector<ClientKey>& out) const {
    for (const auto& [key, a] : map_)
        if (a->expires_at <= now) out.push_back(key);
}

void AllocationTable::for_each(const std::function<void(Allocation&)>& f) {
    for (auto& [key, a] : map_) f(*a);
}

}  // namespace turn::relay
