// unauthorized-ratelimit (coturn's option, off by default): at most `rps`
// unsigned error responses per source address per second over plain UDP.
// A request that did not authenticate (no credentials yet, a bad or stale
// nonce, a malformed request) gets a 401, 438 or 400 the server does not
// sign; over UDP its source may be spoofed, and the answer, larger than the
// request, then goes to a victim (reflection and amplification). TCP, TLS
// and DTLS sources have proved they receive what is sent to them.
//
// Stateless before authentication (DESIGN.md): a fixed table of counters
// per worker thread, indexed by a keyed hash of the source IP (an IPv6
// source by its /64, since one host owns at least that; the port is left
// out, so changing it gains nothing). A flood from millions of sources
// costs no memory. Sources that collide in the table share one budget
// rather than each getting a fresh one, so collisions can only lower what
// is reflected. Each thread counts on its own: a source spread over k
// threads' sockets gets at most k times the limit.
#pragma once

#include <array>
#include <cstdint>

#include "protocol/transport_address.hpp"
#include "relay/clock.hpp"

namespace turn::relay {

class UnauthRateLimit {
public:
    static constexpr std::size_t kSlots = 4096;

    // `rps` 0: no limit. The hash key comes from RAND_bytes, so where a
    // source lands in the table cannot be chosen from outside.
    explicit UnauthRateLimit(std::uint32_t rps);

    // Counts one response to `source` at `now`; false when the budget of
    // its second is spent (the response must not be sent).
    bool allow(const proto::TransportAddress& source, Millis now);

private:
    struct Slot {
        std::int64_t second = -1;
        std::uint32_t count = 0;
    };
    std::size_t slot_of(const proto::TransportAddress& source) const;

    std::uint32_t rps_;
    std::array<std::uint64_t, 2> key_{};
    std::array<Slot, kSlots> slots_{};
};

}  // namespace turn::relay
