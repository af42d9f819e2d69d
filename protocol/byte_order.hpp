// Network byte order loads and stores. Callers check bounds first; these only
// move bytes, so they never read or write past what they were given.
#pragma once

#include <cstddef>
#include <cstdint>

namespace turn::proto {

inline std::uint16_t load_be16(const std::uint8_t* p) {
    return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}

inline std::uint32_t load_be32(const std::uint8_t* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
           std::uint32_t{p[3]};
}

inline void store_be16(std::uint8_t* p, std::uint16_t v) {
    p[0] = static_cast<std::uint8_t>(v >> 8);
    p[1] = static_cast<std::uint8_t>(v);
}

inline void store_be32(std::uint8_t* p, std::uint32_t v) {
    p[0] = static_cast<std::uint8_t>(v >> 24);
    p[1] = static_cast<std::uint8_t>(v >> 16);
    p[2] = static_cast<std::uint8_t>(v >> 8);
    p[3] = static_cast<std::uint8_t>(v);
}

// STUN attributes and stream-framed ChannelData are padded to 4 bytes
// (RFC 8489 §14, RFC 8656 §12.5).
constexpr std::size_t pad4(std::size_t n) { return (n + 3) & ~std::size_t{3}; }

}  // namespace turn::proto
