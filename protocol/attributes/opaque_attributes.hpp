// Attributes whose value is bytes the codec does not interpret, bounded in
// length. Values are views into the decoded message's buffer.
//
//   DATA               RFC 8656 §18.4   any length
//   RESERVATION-TOKEN  RFC 8656 §18.9   exactly 8 bytes
//   USERHASH           RFC 8489 §14.4   exactly 32 bytes (SHA-256)
//   MESSAGE-INTEGRITY  RFC 8489 §14.5   exactly 20 bytes (HMAC-SHA1)
//   MESSAGE-INTEGRITY-SHA256 §14.6      16 to 32 bytes, a multiple of 4
//   PADDING            RFC 5780 §7.6    any length
//   ACCESS-TOKEN, THIRD-PARTY-AUTHORIZATION  RFC 7635 §6: opaque here
//   MOBILITY-TICKET    RFC 8016 §3.1    opaque to the client
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>

#include "protocol/attribute_type.hpp"
#include "protocol/attributes/attr_error.hpp"
#include "protocol/result.hpp"
#include "protocol/stun_header.hpp"

namespace turn::proto {

template <AttrType T, std::size_t MinLen, std::size_t MaxLen, std::size_t Step = 1>
struct OpaqueAttribute {
    static constexpr AttrType kType = T;
    std::span<const std::uint8_t> value;

    std::size_t value_size() const { return value.size(); }
    void encode_value(std::span<std::uint8_t> out, const TransactionId&) const {
        std::copy(value.begin(), value.end(), out.begin());
    }
    static Result<OpaqueAttribute, AttrError> decode_value(std::span<const std::uint8_t> v,
                                                           const TransactionId&) {
        if (v.size() < MinLen || v.size() > MaxLen || v.size() % Step != 0)
            return unexpected(AttrError::BadLength);
        return OpaqueAttribute{v};
    }
    friend bool operator==(const OpaqueAttribute& a, const OpaqueAttribute& b) {
        return std::ranges::equal(a.value, b.value);
    }
};

inline constexpr std::size_t kMaxAttrValue = 0xFFFF;

using DataAttr = OpaqueAttribute<AttrType::Data, 0, kMaxAttrValue>;
using ReservationToken = OpaqueAttribute<AttrType::ReservationToken, 8, 8>;
using Userhash = OpaqueAttribute<AttrType::Userhash, 32, 32>;
using MessageIntegrity = OpaqueAttribute<AttrType::MessageIntegrity, 20, 20>;
using MessageIntegritySha256 = OpaqueAttribute<AttrType::MessageIntegritySha256, 16, 32, 4>;
using PaddingAttr = OpaqueAttribute<AttrType::Padding, 0, kMaxAttrValue>;
using AccessToken = OpaqueAttribute<AttrType::AccessToken, 0, kMaxAttrValue>;
using ThirdPartyAuthorization = OpaqueAttribute<AttrType::ThirdPartyAuthorization, 0, kMaxAttrValue>;
using MobilityTicket = OpaqueAttribute<AttrType::MobilityTicket, 0, kMaxAttrValue>;

}  // namespace turn::proto
