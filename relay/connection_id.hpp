// CONNECTION-ID values (RFC 6062 §6.2.1). A ConnectionBind comes on a new
// client connection, which SO_REUSEPORT may hand to any worker thread, so an
// id must be unique server-wide and must say which thread owns it: the top
// bits carry the owning worker's index, the rest are random (ids are not
// guessable from one another).
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>

namespace turn::relay {

using TcpConnectionId = std::uint32_t;

class ConnectionIdSpace {
public:
    ConnectionIdSpace() = default;
    ConnectionIdSpace(std::size_t worker, std::size_t workers)
        : worker_(worker),
          workers_(workers == 0 ? 1 : workers),
          owner_bits_(static_cast<unsigned>(std::bit_width(workers_ - 1))) {}

    std::size_t worker() const { return worker_; }
    std::size_t workers() const { return workers_; }

    // An id of this worker from random bits; never 0 (coturn's clients
    // treat 0 as "no id").
    TcpConnectionId make(std::uint32_t random) const {
        const std::uint32_t local = random & local_mask();
        const std::uint32_t owner = owner_bits_ == 0 ? 0 : static_cast<std::uint32_t>(worker_) << (32 - owner_bits_);
        return owner | (local == 0 ? 1 : local);
    }
    // The worker an id names; a forged id may name one that does not exist
    // (>= workers()).
    std::size_t owner_of(TcpConnectionId id) const { return owner_bits_ == 0 ? 0 : id >> (32 - owner_bits_); }

private:
    std::uint32_t local_mask() const { return owner_bits_ == 0 ? ~0u : ~0u >> owner_bits_; }

    std::size_t worker_ = 0;
    std::size_t workers_ = 1;
    unsigned owner_bits_ = 0;
};

}  // namespace turn::relay
