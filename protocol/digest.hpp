// The hashes STUN uses, over several byte ranges at once so callers can hash a
// patched header followed by the message body without copying either.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <span>

namespace turn::proto {

enum class HashAlgorithm : std::uint8_t { Md5, Sha1, Sha256 };

using ByteRanges = std::initializer_list<std::span<const std::uint8_t>>;

// Enough room for the largest digest (SHA-256).
struct Digest {
    std::array<std::uint8_t, 32> bytes{};
    std::size_t size = 0;
    std::span<const std::uint8_t> view() const { return {bytes.data(), size}; }
};

Digest hash(HashAlgorithm alg, ByteRanges parts);
Digest hmac(HashAlgorithm alg, std::span<const std::uint8_t> key, ByteRanges parts);

// Constant-time comparison of equal-length byte ranges.
bool equal_constant_time(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b);

}  // namespace turn::proto
