#include "bench/forwarder/flow_table.hpp"

#include <bit>

namespace turn::bench::floor {

FlowTable::FlowTable(std::size_t max_flows) : max_flows_(max_flows) {
    // At most half full, so probe runs stay short.
    const std::size_t slots = std::bit_ceil(std::max<std::size_t>(2 * max_flows, 16));
    shift_ = 64 - static_cast<unsigned>(std::countr_zero(slots));
    keys_.assign(slots, 0);
    slots_.assign(slots, 0);
    flows_.reserve(max_flows);
}

// IPv4 address and port as one number (the family is always AF_INET here).
std::uint64_t FlowTable::key_of(const sockaddr_in& a) {
    return (static_cast<std::uint64_t>(a.sin_addr.s_addr) << 16) | a.sin_port;
}

// Fibonacci hashing: the top bits of key * 2^64/phi spread nearby addresses
// and ports (127.1.0.x:port) across the table.
std::size_t FlowTable::home_slot(std::uint64_t key) const {
    return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> shift_);
}

std::optional<FlowTable::Index> FlowTable::find(const sockaddr_in& client) const {
    const std::uint64_t key = key_of(client);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t s = home_slot(key);; s = (s + 1) & mask) {
        if (slots_[s] == 0) return std::nullopt;
        if (keys_[s] == key) return slots_[s] - 1;
    }
}

std::optional<FlowTable::Index> FlowTable::insert(Flow flow) {
    if (flows_.size() >= max_flows_) return std::nullopt;
    const std::uint64_t key = key_of(flow.client);
    const std::size_t mask = slots_.size() - 1;
    std::size_t s = home_slot(key);
    while (slots_[s] != 0) s = (s + 1) & mask;
    flows_.push_back(std::move(flow));
    keys_[s] = key;
    slots_[s] = static_cast<Index>(flows_.size());
    return static_cast<Index>(flows_.size() - 1);
}

}  // namespace turn::bench::floor
