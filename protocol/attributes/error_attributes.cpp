#include "protocol/attributes/error_attributes.hpp"

#include "protocol/attributes/text_attributes.hpp"
#include "protocol/byte_order.hpp"

namespace turn::proto {
namespace {

constexpr std::size_t kCodeFieldSize = 4;
constexpr TextLimits kReasonLimits{kMaxQuotedBytes, kMaxQuotedChars};

// Writes the 4-byte class/number field (with `first` as the top octet) and the
// reason phrase; the class is code / 100 and the number code % 100.
void encode_code(std::span<std::uint8_t> out, std::uint8_t first, std::uint16_t code,
                 std::string_view reason) {
    out[0] = first;
    out[1] = 0;
    out[2] = static_cast<std::uint8_t>((code / 100) & 0x07);
    out[3] = static_cast<std::uint8_t>(code % 100);
    for (std::size_t i = 0; i < reason.size(); ++i)
        out[kCodeFieldSize + i] = static_cast<std::uint8_t>(reason[i]);
}

struct DecodedCode {
    std::uint16_t code;
    std::string_view reason;
};

// RFC 8489 §14.8: the class is 3 to 6 and the number 0 to 99.
Result<DecodedCode, AttrError> decode_code(std::span<const std::uint8_t> v) {
    if (v.size() < kCodeFieldSize) return unexpected(AttrError::BadLength);
    const unsigned klass = v[2] & 0x07;
    const unsigned number = v[3];
    if (klass < 3 || klass > 6 || number > 99) return unexpected(AttrError::BadValue);
    auto reason = decode_text(v.subspan(kCodeFieldSize), kReasonLimits);
    if (!reason) return unexpected(reason.error());
    return DecodedCode{static_cast<std::uint16_t>(klass * 100 + number), *reason};
}

}  // namespace

void ErrorCode::encode_value(std::span<std::uint8_t> out, const TransactionId&) const {
    encode_code(out, 0, code, reason);
}

Result<ErrorCode, AttrError> ErrorCode::decode_value(std::span<const std::uint8_t> v, const TransactionId&) {
    auto d = decode_code(v);
    if (!d) return unexpected(d.error());
    return ErrorCode{d->code, d->reason};
}

template <AttrType T>
void AddressErrorCodeAttribute<T>::encode_value(std::span<std::uint8_t> out, const TransactionId&) const {
    encode_code(out, static_cast<std::uint8_t>(family), code, reason);
}

template <AttrType T>
Result<AddressErrorCodeAttribute<T>, AttrError> AddressErrorCodeAttribute<T>::decode_value(
    std::span<const std::uint8_t> v, const TransactionId&) {
    auto d = decode_code(v);
    if (!d) return unexpected(d.error());
    if (v[0] != static_cast<std::uint8_t>(AddressFamily::IPv4) &&
        v[0] != static_cast<std::uint8_t>(AddressFamily::IPv6))
        return unexpected(AttrError::BadFamily);
    return AddressErrorCodeAttribute{static_cast<AddressFamily>(v[0]), d->code, d->reason};
}

template struct AddressErrorCodeAttribute<AttrType::AddressErrorCode>;
template struct AddressErrorCodeAttribute<AttrType::AddressErrorCodeCoturn>;

void UnknownAttributes::encode_value(std::span<std::uint8_t> out, const TransactionId&) const {
    for (std::size_t i = 0; i < types.size(); ++i) store_be16(out.data() + 2 * i, types[i]);
}

Result<UnknownAttributes, AttrError> UnknownAttributes::decode_value(std::span<const std::uint8_t> v,
                                                                     const TransactionId&) {
    if (v.size() % 2 != 0) return unexpected(AttrError::BadLength);
    UnknownAttributes u;
    for (std::size_t i = 0; i < v.size(); i += 2)
        if (!u.types.push_back(load_be16(v.data() + i))) return unexpected(AttrError::TooManyValues);
    return u;
}

}  // namespace turn::proto
