// user-quota and total-quota: allocations per username and in all. Counted
// across every worker thread (an allocation's user may have others on other
// threads), under a mutex taken only when an allocation is created or freed.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace turn::relay {

enum class QuotaVerdict : std::uint8_t { Granted, UserQuotaReached, TotalQuotaReached };

class Quota {
public:
    Quota(std::uint32_t per_user, std::uint32_t total) : per_user_(per_user), total_(total) {}

    QuotaVerdict acquire(std::string_view user);
    void release(std::string_view user);
    std::uint64_t total() const;
    // New limits (the realm's options in the user database); allocations
    // already granted stay, new ones are counted against these.
    void set_limits(std::uint32_t per_user, std::uint32_t total);

private:
    mutable std::mutex mu_;
    std::uint32_t per_user_;
    std::uint32_t total_;
    std::uint64_t count_ = 0;
    std::unordered_map<std::string, std::uint32_t> per_user_count_;
};

}  // namespace turn::relay
