// Attributes that describe errors.
//
// ERROR-CODE (RFC 8489 §14.8); ADDRESS-ERROR-CODE (RFC 8656 §18.12, and
// coturn's 0x8033 for it) is the same with the first octet naming the
// address family the error is about:
//
//   0                   1                   2                   3
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |  Reserved, should be 0 (or Family)      |Class|     Number    |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |      Reason Phrase (variable, < 128 characters)           ..
//
// UNKNOWN-ATTRIBUTES (RFC 8489 §14.13): a list of 16-bit attribute types.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "protocol/attribute_type.hpp"
#include "protocol/attributes/attr_error.hpp"
#include "protocol/error_code.hpp"
#include "protocol/fixed_vector.hpp"
#include "protocol/result.hpp"
#include "protocol/stun_header.hpp"
#include "protocol/transport_address.hpp"

namespace turn::proto {

struct ErrorCode {
    static constexpr AttrType kType = AttrType::ErrorCode;
    std::uint16_t code = 0;  // 300..699
    std::string_view reason;

    // The named code with its recommended reason phrase.
    static ErrorCode of(StunError e) { return {static_cast<std::uint16_t>(e), reason_phrase(e)}; }

    std::size_t value_size() const { return 4 + reason.size(); }
    void encode_value(std::span<std::uint8_t> out, const TransactionId&) const;
    static Result<ErrorCode, AttrError> decode_value(std::span<const std::uint8_t> v, const TransactionId&);
    friend bool operator==(const ErrorCode&, const ErrorCode&) = default;
};

template <AttrType T>
struct AddressErrorCodeAttribute {
    static constexpr AttrType kType = T;
    AddressFamily family = AddressFamily::IPv4;
    std::uint16_t code = 0;
    std::string_view reason;

    std::size_t value_size() const { return 4 + reason.size(); }
    void encode_value(std::span<std::uint8_t> out, const TransactionId&) const;
    static Result<AddressErrorCodeAttribute, AttrError> decode_value(std::span<const std::uint8_t> v,
                                                                     const TransactionId&);
    friend bool operator==(const AddressErrorCodeAttribute&, const AddressErrorCodeAttribute&) = default;
};

using AddressErrorCode = AddressErrorCodeAttribute<AttrType::AddressErrorCode>;
using AddressErrorCodeCoturn = AddressErrorCodeAttribute<AttrType::AddressErrorCodeCoturn>;

struct UnknownAttributes {
    static constexpr AttrType kType = AttrType::UnknownAttributes;
    static constexpr std::size_t kMaxTypes = 32;
    FixedVector<std::uint16_t, kMaxTypes> types;

    std::size_t value_size() const { return 2 * types.size(); }
    void encode_value(std::span<std::uint8_t> out, const TransactionId&) const;
    static Result<UnknownAttributes, AttrError> decode_value(std::span<const std::uint8_t> v,
                                                             const TransactionId&);
    friend bool operator==(const UnknownAttributes&, const UnknownAttributes&) = default;
};

}  // namespace turn::proto
