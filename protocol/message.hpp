// A decoded STUN message: a view over the caller's bytes plus an index of its
// attributes, built once by decode() without touching the heap. Typed values
// come from get<Attr>(), which decodes on demand.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "protocol/attribute_type.hpp"
#include "protocol/attributes/attr_error.hpp"
#include "protocol/attributes/error_attributes.hpp"
#include "protocol/fixed_vector.hpp"
#include "protocol/message_type.hpp"
#include "protocol/result.hpp"
#include "protocol/stun_header.hpp"

namespace turn::proto {

// Why bytes are not a STUN message. Every check runs before any byte it
// guards is read; no length field is trusted.
enum class DecodeError : std::uint8_t {
    TooShort,                   // fewer than 20 bytes
    NotStun,                    // the first two bits are not 00
    BadMagicCookie,             // RFC 8489 §6: 0x2112A442
    LengthNotMultipleOf4,       // RFC 8489 §5
    LengthMismatch,             // header length and byte count disagree
    AttributeTruncated,         // an attribute runs past the end of the message
    TooManyAttributes,          // more than StunMessage::kMaxAttributes
    BadIntegrityLength,         // MESSAGE-INTEGRITY is not 20 bytes
    BadIntegritySha256Length,   // MESSAGE-INTEGRITY-SHA256 is not 16..32, multiple of 4
    BadFingerprintLength,       // FINGERPRINT is not 4 bytes
    FingerprintMismatch,        // the CRC does not match (RFC 8489 §14.7)
    AttributeAfterFingerprint,  // FINGERPRINT must be last
};

std::string_view decode_error_name(DecodeError e);

struct RawAttribute {
    std::uint16_t type = 0;
    std::uint16_t length = 0;  // value length, without padding
    std::uint32_t offset = 0;  // of the attribute header, from the start of the message
};

class StunMessage {
public:
    // Enough for any real request (a CreatePermission with dozens of peers);
    // more is refused rather than stored on the heap.
    static constexpr std::size_t kMaxAttributes = 64;

    static Result<StunMessage, DecodeError> decode(std::span<const std::uint8_t> bytes);

    MessageType type() const { return type_; }
    Method method() const { return type_.method; }
    MessageClass message_class() const { return type_.klass; }
    const TransactionId& transaction_id() const { return tid_; }
    std::span<const std::uint8_t> bytes() const { return bytes_; }

    // Attributes in wire order. Per RFC 8489 §14.5-14.6, attributes that follow
    // MESSAGE-INTEGRITY(-SHA256), other than the ones allowed there, are ignored
    // and do not appear here.
    std::span<const RawAttribute> attributes() const { return attrs_.span(); }
    std::size_t ignored_after_integrity() const { return ignored_; }

    // The first attribute of a type (RFC 8489 §14: later duplicates are ignored).
    const RawAttribute* find(AttrType t) const;
    bool has(AttrType t) const { return find(t) != nullptr; }
    std::span<const std::uint8_t> value_of(const RawAttribute& a) const {
        return bytes_.subspan(a.offset + kAttrHeaderSize, a.length);
    }

    template <class A>
    Result<A, AttrError> get() const {
        const RawAttribute* a = find(A::kType);
        if (a == nullptr) return unexpected(AttrError::Missing);
        return A::decode_value(value_of(*a), tid_);
    }

    // Calls f(Result<A, AttrError>) for every attribute of A's type, in order
    // (CreatePermission may carry several XOR-PEER-ADDRESS, RFC 8656 §9.1).
    template <class A, class F>
    void for_each(F&& f) const {
        for (const auto& a : attrs_)
            if (a.type == static_cast<std::uint16_t>(A::kType)) f(A::decode_value(value_of(a), tid_));
    }

    // Comprehension-required types this codec does not know: the content of a
    // 420 response's UNKNOWN-ATTRIBUTES (RFC 8489 §6.3.1.1).
    UnknownAttributes unknown_comprehension_required() const;

private:
    std::span<const std::uint8_t> bytes_;
    MessageType type_{};
    TransactionId tid_{};
    FixedVector<RawAttribute, kMaxAttributes> attrs_;
    std::size_t ignored_ = 0;
};

}  // namespace turn::proto
