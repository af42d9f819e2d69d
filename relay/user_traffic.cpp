#include "relay/user_traffic.hpp"

namespace turn::relay {

void UserTraffic::add(std::string_view user, const TrafficTotals& t) {
    auto it = totals_.find(user);
    if (it == totals_.end()) {
        const bool room = totals_.size() < kMaxUsers;
        it = totals_.try_emplace(std::string(room ? user : kOtherUsers)).first;
    }
    it->second += t;
}

}  // namespace turn::relay
