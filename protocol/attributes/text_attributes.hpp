// Text attributes: UTF-8 values with a byte limit and, for some, a character
// limit. Values are views into the decoded message's buffer.
//
//   USERNAME   RFC 8489 §14.3   < 513 bytes
//   REALM      RFC 8489 §14.9   < 128 characters (<= 763 bytes)
//   NONCE      RFC 8489 §14.10  < 128 characters (<= 763 bytes)
//   SOFTWARE   RFC 8489 §14.14  < 128 characters (<= 763 bytes)
//   ALTERNATE-DOMAIN RFC 8489 §14.16: a DNS name, <= 255 bytes
//   ORIGIN     coturn: the HTTP Origin of the client, kept within the REALM bound
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "protocol/attribute_type.hpp"
#include "protocol/attributes/attr_error.hpp"
#include "protocol/result.hpp"
#include "protocol/stun_header.hpp"

namespace turn::proto {

struct TextLimits {
    std::size_t max_bytes;
    std::size_t max_chars;
};

Result<std::string_view, AttrError> decode_text(std::span<const std::uint8_t> v, TextLimits limits);

template <AttrType T, std::size_t MaxBytes, std::size_t MaxChars>
struct TextAttribute {
    static constexpr AttrType kType = T;
    static constexpr TextLimits kLimits{MaxBytes, MaxChars};
    std::string_view value;

    std::size_t value_size() const { return value.size(); }
    void encode_value(std::span<std::uint8_t> out, const TransactionId&) const {
        for (std::size_t i = 0; i < value.size(); ++i) out[i] = static_cast<std::uint8_t>(value[i]);
    }
    static Result<TextAttribute, AttrError> decode_value(std::span<const std::uint8_t> v,
                                                         const TransactionId&) {
        auto t = decode_text(v, kLimits);
        if (!t) return unexpected(t.error());
        return TextAttribute{*t};
    }
    friend bool operator==(const TextAttribute&, const TextAttribute&) = default;
};

inline constexpr std::size_t kMaxQuotedBytes = 763;
inline constexpr std::size_t kMaxQuotedChars = 127;

using Username = TextAttribute<AttrType::Username, 512, 512>;
using Realm = TextAttribute<AttrType::Realm, kMaxQuotedBytes, kMaxQuotedChars>;
using Nonce = TextAttribute<AttrType::Nonce, kMaxQuotedBytes, kMaxQuotedChars>;
using Software = TextAttribute<AttrType::Software, kMaxQuotedBytes, kMaxQuotedChars>;
using AlternateDomain = TextAttribute<AttrType::AlternateDomain, 255, 255>;
using Origin = TextAttribute<AttrType::Origin, kMaxQuotedBytes, kMaxQuotedBytes>;

}  // namespace turn::proto
