// The floor's flows, found by the client's source address: an open-addressing
// hash table (linear probing) over a fixed capacity, so a lookup per packet
// touches one or two cache lines and never allocates. Flows live as long as
// the process (the benchmark creates them once), so there is no removal.
#pragma once

#include <netinet/in.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "bench/loadgen/net.hpp"

namespace turn::bench::floor {

// One flow: what a TURN allocation with one channel is, minus TURN.
struct Flow {
    Fd relay;                  // its own relay socket, like one relayed address per allocation
    sockaddr_in relay_address{};  // what it is bound to, for a repeated HELLO
    sockaddr_in client{};      // where peer->client datagrams go
    sockaddr_in peer{};    // where client->peer datagrams go; the only source accepted on `relay`
};

class FlowTable {
public:
    using Index = std::uint32_t;

    explicit FlowTable(std::size_t max_flows);

    std::optional<Index> find(const sockaddr_in& client) const;
    // nullopt when the table already holds max_flows flows. The caller has
    // checked with find() that the client is not there yet.
    std::optional<Index> insert(Flow flow);

    Flow& at(Index i) { return flows_[i]; }
    const Flow& at(Index i) const { return flows_[i]; }
    std::size_t size() const { return flows_.size(); }
    std::size_t max_flows() const { return max_flows_; }

private:
    static std::uint64_t key_of(const sockaddr_in& a);
    std::size_t home_slot(std::uint64_t key) const;

    std::size_t max_flows_;
    unsigned shift_;                 // 64 - log2(slot count)
    std::vector<std::uint64_t> keys_;
    std::vector<Index> slots_;       // flow index + 1; 0 marks a free slot
    std::vector<Flow> flows_;
};

}  // namespace turn::bench::floor
