// Traffic per user, for prometheus-username-labels (coturn's option of that
// name). Off unless asked for: a label per user is a time series per user.
// Owned by one worker thread. Bounded: past kMaxUsers distinct names, the
// rest are counted together under kOtherUsers, so a flood of fresh TURN REST
// names cannot grow it without end.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "relay/allocation_info.hpp"

namespace turn::relay {

using TrafficByUser = std::map<std::string, TrafficTotals, std::less<>>;

class UserTraffic {
public:
    static constexpr std::size_t kMaxUsers = 10000;
    static constexpr std::string_view kOtherUsers = "~other";

    void add(std::string_view user, const TrafficTotals& t);
    const TrafficByUser& totals() const { return totals_; }

private:
    TrafficByUser totals_;
};

}  // namespace turn::relay
