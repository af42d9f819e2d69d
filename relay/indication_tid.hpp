// Cheap per-thread transaction IDs for indications the server sends (Data,
// RFC 6062 ConnectionAttempt): nothing answers an indication, so the ID only
// has to be unlikely to repeat soon.
#pragma once

#include <cstdint>

#include "protocol/byte_order.hpp"

namespace turn::relay {

inline void next_tid(std::uint64_t& state, std::uint8_t* out) {
    for (int i = 0; i < 12; i += 4) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        proto::store_be32(out + i, static_cast<std::uint32_t>(state));
    }
}

}  // namespace turn::relay
