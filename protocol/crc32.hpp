// CRC-32 (ISO-HDLC, the polynomial of zlib and Ethernet) for STUN FINGERPRINT.
#pragma once

#include <cstdint>
#include <span>

namespace turn::proto {

// RFC 8489 §14.7: the CRC is XORed with this ("STUN") so that a STUN message
// sent inside another CRC-protected protocol still carries a distinct value.
inline constexpr std::uint32_t kFingerprintXor = 0x5354554E;

// `crc` continues a previous call over preceding bytes (0 to start).
std::uint32_t crc32(std::span<const std::uint8_t> data, std::uint32_t crc = 0);

}  // namespace turn::proto
