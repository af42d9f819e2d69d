// Builds a STUN message into a caller-provided buffer: no heap, every byte of
// the result written (padding zeroed), the header length kept current so
// MESSAGE-INTEGRITY and FINGERPRINT can be appended last.
//
// Errors are sticky: after the first failed add, later adds do nothing and
// finish() reports the first error.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "protocol/message_type.hpp"
#include "protocol/result.hpp"
#include "protocol/stun_header.hpp"

namespace turn::proto {

enum class BuildError : std::uint8_t {
    BufferTooSmall,  // the caller's buffer cannot hold the message
    ValueTooLong,    // an attribute value over 65535 bytes
    MessageTooLong,  // the message would pass the 16-bit length field
};

std::string_view build_error_name(BuildError e);

// Which integrity attributes sign a message. RFC 8489 §14.5 lets
// MESSAGE-INTEGRITY-SHA256 follow MESSAGE-INTEGRITY, so Both still verifies
// for an agent that only checks the first.
enum class IntegrityKind : std::uint8_t {
    Sha1,    // MESSAGE-INTEGRITY (HMAC-SHA1)
    Sha256,  // MESSAGE-INTEGRITY-SHA256
    Both,    // MESSAGE-INTEGRITY, then MESSAGE-INTEGRITY-SHA256
};

class MessageBuilder {
public:
    MessageBuilder(std::span<std::uint8_t> buffer, MessageType type, const TransactionId& tid);

    template <class A>
    MessageBuilder& add(const A& attr) {
        if (auto out = reserve(static_cast<std::uint16_t>(A::kType), attr.value_size()))
            attr.encode_value(*out, tid_);
        return *this;
    }
    // An attribute by number, for types without a typed form.
    MessageBuilder& add_raw(std::uint16_t type, std::span<const std::uint8_t> value);

    // RFC 8489 §14.5, §14.6: HMAC over everything added so far; §14.7: CRC-32.
    MessageBuilder& add_message_integrity(std::span<const std::uint8_t> key);
    MessageBuilder& add_message_integrity_sha256(std::span<const std::uint8_t> key);
    MessageBuilder& add_integrity(IntegrityKind kind, std::span<const std::uint8_t> key);
    MessageBuilder& add_fingerprint();

    std::size_t size() const { return size_; }
    Result<std::span<const std::uint8_t>, BuildError> finish() const;

private:
    // Appends an attribute header and zeroed, padded room for `length` value
    // bytes; returns the value's room or nullopt after an error.
    std::optional<std::span<std::uint8_t>> reserve(std::uint16_t type, std::size_t length);

    std::span<std::uint8_t> buf_;
    TransactionId tid_;
    std::size_t size_ = 0;
    std::optional<BuildError> error_;
};

}  // namespace turn::proto
