// What operators see and change (turnctl, the metrics endpoint), run on the
// thread that owns the allocations like every other RelayCore call.
#include "relay/relay_core.hpp"

namespace turn::relay {

std::uint64_t RelayCore::next_allocation_id() {
    // Worker w of n hands out w + n, w + 2n, ...: unique across threads
    // without anything shared, and never 0.
    ++allocation_serial_;
    return allocation_serial_ * connection_ids_.workers() + connection_ids_.worker();
}

Census RelayCore::census(FunctionRef<void(const ClientKey&)> each_client) {
    Census c;
    const Millis now = clock_.now();
    c.traffic += counters_.ended_traffic.totals();
    allocations_.for_each([&](Allocation& a) {
        ++c.allocations;
        each_client(a.client);
        c.permissions += a.permissions.size();
        c.channels += a.channels.live(now);
        c.traffic += a.traffic.totals();
    });
    return c;
}

AllocationInfo RelayCore::info_of(const Allocation& a, Millis now) const {
    AllocationInfo info;
    info.id = a.id;
    info.username = a.username;
    info.client = a.client;
    for (const auto family : kFamilies)
        if (a.relays.has(family)) info.relayed.push_back(advertised_address(a.relays[family]));
    info.tcp = a.tcp;
    info.age_seconds = (now - a.created_at) / 1000;
    info.expires_in_seconds = std::max<Millis>(0, a.expires_at - now) / 1000;
    info.permissions = a.permissions.size();
    info.channels = a.channels.live(now);
    info.traffic = a.traffic.totals();
    return info;
}

std::vector<AllocationInfo> RelayCore::list_allocations(std::optional<std::uint64_t> id) {
    std::vector<AllocationInfo> out;
    const Millis now = clock_.now();
    allocations_.for_each([&](Allocation& a) {
        if (!id || a.id == *id) out.push_back(info_of(a, now));
    });
    return out;
}

void RelayCore::report(AllocationEventKind kind, const Allocation& a, EndReason why) {
    if (events_ == nullptr) return;
    const AllocationInfo info = info_of(a, clock_.now());
    events_->on_allocation_event({kind, why, info});
}

TrafficByUser RelayCore::traffic_by_user() {
    if (!ended_by_user_) return {};
    UserTraffic all = *ended_by_user_;
    allocations_.for_each([&](Allocation& a) { all.add(a.quota_name, a.traffic.totals()); });
    return all.totals();
}

bool RelayCore::cancel(std::uint64_t id) {
    const Allocation* found = nullptr;
    allocations_.for_each([&](Allocation& a) {
        if (a.id == id) found = &a;
    });
    if (found == nullptr) return false;
    // As if its lifetime had ended: relayed sockets closed, ports and quota
    // given back; the client's next Refresh gets 437 (RFC 8656 §7.3).
    free_allocation(ClientKey(found->client), EndReason::Cancelled);
    return true;
}

}  // namespace turn::relay
