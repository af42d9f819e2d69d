// The fixed STUN header (RFC 8489 §5):
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |0 0|     STUN Message Type     |         Message Length        |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                         Magic Cookie                          |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                     Transaction ID (96 bits)                  |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace turn::proto {

inline constexpr std::uint32_t kMagicCookie = 0x2112A442;
inline constexpr std::size_t kHeaderSize = 20;
inline constexpr std::size_t kAttrHeaderSize = 4;
// The length field counts bytes after the header; it is 16 bits and, because
// every attribute is padded, a multiple of 4.
inline constexpr std::size_t kMaxMessageSize = kHeaderSize + 0xFFFC;

struct TransactionId {
    std::array<std::uint8_t, 12> bytes{};
    friend bool operator==(const TransactionId&, const TransactionId&) = default;
};

}  // namespace turn::proto
