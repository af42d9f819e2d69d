// MESSAGE-INTEGRITY (HMAC-SHA1, RFC 8489 §14.5) and MESSAGE-INTEGRITY-SHA256
// (§14.6): the HMAC covers the message up to the integrity attribute, with the
// header's length field set as if that attribute were the last one.
#pragma once

#include <cstdint>
#include <span>

#include "protocol/digest.hpp"
#include "protocol/message.hpp"

namespace turn::proto {

// Not a bool, so "no integrity at all" cannot be mistaken for "failed".
enum class IntegrityStatus : std::uint8_t {
    Missing,  // the message carries no integrity attribute
    Valid,
    Invalid,
};

// Checks MESSAGE-INTEGRITY-SHA256 when the message has it, else MESSAGE-INTEGRITY.
IntegrityStatus verify_integrity(const StunMessage& m, std::span<const std::uint8_t> key);
IntegrityStatus verify_message_integrity(const StunMessage& m, std::span<const std::uint8_t> key);
IntegrityStatus verify_message_integrity_sha256(const StunMessage& m, std::span<const std::uint8_t> key);

// The HMAC over `message[0, attr_offset)` with the length field replaced by
// `adjusted_length`. Shared by the verifier and the builder.
Digest integrity_hmac(HashAlgorithm alg, std::span<const std::uint8_t> key,
                      std::span<const std::uint8_t> message, std::size_t attr_offset,
                      std::uint16_t adjusted_length);

}  // namespace turn::proto
