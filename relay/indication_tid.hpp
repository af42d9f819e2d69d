// Transaction IDs for the indications the server sends (Data, RFC 6062
// ConnectionAttempt). RFC 8489 §5 asks for IDs "uniformly and randomly
// chosen" and cryptographically random; one RAND_bytes call per relayed
// packet would cost more than the rest of the packet's path, so the IDs come
// from a buffer of RAND_bytes output refilled by one call every kIds
// indications. The buffer lives in the core: no heap on the packet path.
#pragma once

#include <openssl/rand.h>

#include <array>
#include <cstdint>
#include <cstring>

namespace turn::relay {

class IndicationTids {
public:
    static constexpr std::size_t kIdSize = 12;
    static constexpr std::size_t kIds = 256;

    void next(std::uint8_t* out) {
        if (used_ == kIds) refill();
        std::memcpy(out, pool_.data() + used_ * kIdSize, kIdSize);
        ++used_;
    }

private:
    void refill() {
        used_ = 0;
        if (RAND_bytes(pool_.data(), static_cast<int>(pool_.size())) == 1) return;
        // No entropy at all (RAND_bytes fails only then): IDs that at least
        // differ from the last batch; nothing answers an indication.
        for (auto& b : pool_) ++b;
    }

    std::array<std::uint8_t, kIds * kIdSize> pool_{};
    std::size_t used_ = kIds;
};

}  // namespace turn::relay
