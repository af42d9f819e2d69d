#include "relay/quota.hpp"

namespace turn::relay {

QuotaVerdict Quota::acquire(std::string_view user) {
    std::lock_guard lock(mu_);
    if (total_ != 0 && count_ >= total_) return QuotaVerdict::TotalQuotaReached;
    auto& n = per_user_count_[std::string(user)];
    // The empty name (RFC 7635 sessions) is counted, so release() finds
    // it, but has no per-user limit.
    if (per_user_ != 0 && !user.empty() && n >= per_user_) {
        if (n == 0) per_user_count_.erase(std::string(user));
        return QuotaVerdict::UserQuotaReached;
    }
    ++n;
    ++count_;
    return QuotaVerdict::Granted;
}

void Quota::release(std::string_view user) {
    std::lock_guard lock(mu_);
    const auto it = per_user_count_.find(std::string(user));
    if (it == per_user_count_.end() || it->second == 0) return;
    --count_;
    if (--it->second == 0) per_user_count_.erase(it);
}

void Quota::set_limits(std::uint32_t per_user, std::uint32_t total) {
    std::lock_guard lock(mu_);
    per_user_ = per_user;
    total_ = total;
}

std::uint64_t Quota::total() const {
    std::lock_guard lock(mu_);
    return count_;
}

}  // namespace turn::relay
