// What the user database adds to the configuration while the server runs
// (coturn re-reads these every few seconds): allowed_peer_ip and
// denied_peer_ip ranges, and the realm's max-bps. The auth thread publishes a
// new DbLimits with one atomic store; a relay thread loads it once per
// CreatePermission, ChannelBind or Allocate, never per packet.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "relay/ip_range.hpp"

namespace turn::relay {

struct DbLimits {
    std::vector<IpRange> allowed;  // checked with allowed-peer-ip
    std::vector<IpRange> denied;   // checked with denied-peer-ip
    std::optional<std::uint64_t> max_bps;  // overrides max-bps for new allocations
};

class DbLimitsSource {
public:
    std::shared_ptr<const DbLimits> current() const { return current_.load(std::memory_order_acquire); }
    void publish(std::shared_ptr<const DbLimits> l) { current_.store(std::move(l), std::memory_order_release); }

private:
    std::atomic<std::shared_ptr<const DbLimits>> current_;
};

}  // namespace turn::relay
