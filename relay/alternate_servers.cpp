#include "relay/alternate_servers.hpp"

namespace turn::relay {

using proto::AddressFamily;
using proto::TransportAddress;

namespace {

// The index of the first entry of `family` from `start` on, wrapping around;
// list.size() when there is none.
std::size_t find_family(const std::vector<TransportAddress>& list, AddressFamily family, std::size_t start) {
    for (std::size_t step = 0; step < list.size(); ++step) {
        const std::size_t i = (start + step) % list.size();
        if (list[i].family == family) return i;
    }
    return list.size();
}

AddressFamily other_family(AddressFamily f) {
    return f == AddressFamily::IPv4 ? AddressFamily::IPv6 : AddressFamily::IPv4;
}

}  // namespace

AlternatePick pick_alternates(const std::vector<TransportAddress>& list, AddressFamily family, std::size_t& cursor) {
    AlternatePick pick;
    if (list.empty()) return pick;
    const std::size_t first = find_family(list, family, cursor % list.size());
    if (first == list.size()) return pick;
    pick.push_back(list[first]);
    cursor = first + 1;
    const std::size_t second = find_family(list, other_family(family), first + 1);
    if (second != list.size()) pick.push_back(list[second]);
    return pick;
}

}  // namespace turn::relay
