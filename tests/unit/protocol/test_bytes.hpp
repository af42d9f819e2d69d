// Small helpers for writing wire bytes in tests.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string_view>
#include <vector>

#include "protocol/stun_header.hpp"

namespace turn::proto::test {

using Bytes = std::vector<std::uint8_t>;

inline std::span<const std::uint8_t> as_bytes(std::string_view s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

inline TransactionId sample_tid() {
    TransactionId t;
    for (std::uint8_t i = 0; i < 12; ++i) t.bytes[i] = static_cast<std::uint8_t>(0xA0 + i);
    return t;
}

// A STUN header with the given type and length, cookie and sample_tid(),
// followed by `body`.
inline Bytes stun(std::uint16_t type, std::uint16_t length, std::initializer_list<std::uint8_t> body = {}) {
    Bytes b = {static_cast<std::uint8_t>(type >> 8), static_cast<std::uint8_t>(type),
               static_cast<std::uint8_t>(length >> 8), static_cast<std::uint8_t>(length),
               0x21, 0x12, 0xA4, 0x42};
    const auto tid = sample_tid();
    b.insert(b.end(), tid.bytes.begin(), tid.bytes.end());
    b.insert(b.end(), body);
    return b;
}

}  // namespace turn::proto::test
