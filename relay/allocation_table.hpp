// The allocations of one worker thread, by client 5-tuple. Lookups on the
// data path allocate nothing.
#pragma once

#include <functional>
#include <memory>
#include <unordered_map>

#include "relay/allocation.hpp"

namespace turn::relay {

class AllocationTable {
public:
    // By the allocation's 5-tuple, or during an RFC 8016 handoff by the one
    // its client is leaving (Mobility::old_client).
    Allocation* find(const ClientKey& k) const;
    // RFC 8016: the allocation with this Mobility::id, if it is here.
    Allocation* find_mobile(std::uint64_t id) const;
    Allocation& insert(std::unique_ptr<Allocation> a);
    // Removes and returns it, so the caller can release its resources.
    std::unique_ptr<Allocation> remove(const ClientKey& k);
    // RFC 8016: the client showed up on its new 5-tuple; the old one no
    // longer reaches `a`.
    void end_handoff(Allocation& a);
    std::size_t size() const { return map_.size(); }

    // Calls f on every allocation whose lifetime ended; f must not touch the table.
    void collect_expired(Millis now, std::vector<ClientKey>& out) const;
    void for_each(const std::function<void(Allocation&)>& f);

private:
    std::unordered_map<ClientKey, std::unique_ptr<Allocation>, ClientKeyHash> map_;
    // Allocations with a Mobility, by id: as many entries as such
    // allocations, whatever tickets clients send.
    std::unordered_map<std::uint64_t, ClientKey> mobile_;
    // Old 5-tuples of allocations in a handoff, to their new ones.
    std::unordered_map<ClientKey, ClientKey, ClientKeyHash> leaving_;
};

}  // namespace turn::relay
