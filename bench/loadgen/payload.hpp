// The bytes every measured packet carries, so the receiving side counts what
// arrived by sequence number and the RTT phase reads its send time back.
//
//   0       4       8      12      16              24
//  +-------+-------+-------+-------+---------------+---- zero fill ----+
//  | magic | phase | flow  |  seq  |  sent_ns      |                   |
//  +-------+-------+-------+-------+---------------+-------------------+
#pragma once

#include <cstdint>
#include <optional>
#include <span>

namespace turn::bench {

inline constexpr std::uint32_t kPayloadMagic = 0x7B3E5A11;
inline constexpr std::size_t kMinPayload = 24;

struct Stamp {
    std::uint32_t phase = 0;  // packets left over from an earlier phase are not counted
    std::uint32_t flow = 0;
    std::uint32_t seq = 0;
    std::uint64_t sent_ns = 0;
};

// Writes the stamp at the front of `out` (which the caller has sized and zeroed once).
void write_stamp(std::span<std::uint8_t> out, const Stamp& s);
std::optional<Stamp> read_stamp(std::span<const std::uint8_t> in);

std::uint64_t now_ns();

}  // namespace turn::bench
