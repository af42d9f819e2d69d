#include "protocol/attributes/number_attributes.hpp"

#include <algorithm>

#include "protocol/byte_order.hpp"

namespace turn::proto {
namespace {

Result<void, AttrError> expect_size(std::span<const std::uint8_t> v, std::size_t n) {
    if (v.size() != n) return unexpected(AttrError::BadLength);
    return {};
}

void zero(std::span<std::uint8_t> out) { std::fill(out.begin(), out.end(), std::uint8_t{0}); }

}  // namespace

template <AttrType T>
void U32Attribute<T>::encode_value(std::span<std::uint8_t> out, const TransactionId&) const {
    store_be32(out.data(), value);
}

template <AttrType T>
Result<U32Attribute<T>, AttrError> U32Attribute<T>::decode_value(std::span<const std::uint8_t> v,
                                                                 const TransactionId&) {
    if (auto r = expect_size(v, 4); !r) return unexpected(r.error());
    return U32Attribute{load_be32(v.data())};
}

template struct U32Attribute<AttrType::Lifetime>;
template struct U32Attribute<AttrType::ConnectionId>;
template struct U32Attribute<AttrType::Fingerprint>;

void ChannelNumber::encode_value(std::span<std::uint8_t> out, const TransactionId&) const {
    zero(out);
    store_be16(out.data(), value);
}

Result<ChannelNumber, AttrError> ChannelNumber::decode_value(std::span<const std::uint8_t> v,
                                                             const TransactionId&) {
    if (auto r = expect_size(v, 4); !r) return unexpected(r.error());
    return ChannelNumber{load_be16(v.data())};
}

void RequestedTransport::encode_value(std::span<std::uint8_t> out, const TransactionId&) const {
    zero(out);
    out[0] = protocol;
}

Result<RequestedTransport, AttrError> RequestedTransport::decode_value(std::span<const std::uint8_t> v,
                                                                       const TransactionId&) {
    if (auto r = expect_size(v, 4); !r) return unexpected(r.error());
    return RequestedTransport{v[0]};
}

template <AttrType T>
void FamilyAttribute<T>::encode_value(std::span<std::uint8_t> out, const TransactionId&) const {
    zero(out);
    out[0] = static_cast<std::uint8_t>(family);
}

template <AttrType T>
Result<FamilyAttribute<T>, AttrError> FamilyAttribute<T>::decode_value(std::span<const std::uint8_t> v,
                                                                       const TransactionId&) {
    if (auto r = expect_size(v, 4); !r) return unexpected(r.error());
    if (v[0] != static_cast<std::uint8_t>(AddressFamily::IPv4) &&
        v[0] != static_cast<std::uint8_t>(AddressFamily::IPv6))
        return unexpected(AttrError::BadFamily);
    return FamilyAttribute{static_cast<AddressFamily>(v[0])};
}

template struct FamilyAttribute<AttrType::RequestedAddressFamily>;
template struct FamilyAttribute<AttrType::AdditionalAddressFamily>;
template struct FamilyAttribute<AttrType::AdditionalAddressFamilyCoturn>;

void EvenPort::encode_value(std::span<std::uint8_t> out, const TransactionId&) const {
    out[0] = reserve_next ? 0x80 : 0x00;
}

Result<EvenPort, AttrError> EvenPort::decode_value(std::span<const std::uint8_t> v, const TransactionId&) {
    if (auto r = expect_size(v, 1); !r) return unexpected(r.error());
    return EvenPort{(v[0] & 0x80) != 0};
}

Result<DontFragment, AttrError> DontFragment::decode_value(std::span<const std::uint8_t> v,
                                                           const TransactionId&) {
    if (auto r = expect_size(v, 0); !r) return unexpected(r.error());
    return DontFragment{};
}

void ResponsePort::encode_value(std::span<std::uint8_t> out, const TransactionId&) const {
    zero(out);
    store_be16(out.data(), port);
}

Result<ResponsePort, AttrError> ResponsePort::decode_value(std::span<const std::uint8_t> v,
                                                           const TransactionId&) {
    if (auto r = expect_size(v, 4); !r) return unexpected(r.error());
    return ResponsePort{load_be16(v.data())};
}

void ChangeRequest::encode_value(std::span<std::uint8_t> out, const TransactionId&) const {
    store_be32(out.data(), (change_ip ? kChangeIp : 0) | (change_port ? kChangePort : 0));
}

Result<ChangeRequest, AttrError> ChangeRequest::decode_value(std::span<const std::uint8_t> v,
                                                             const TransactionId&) {
    if (auto r = expect_size(v, 4); !r) return unexpected(r.error());
    const std::uint32_t flags = load_be32(v.data());
    return ChangeRequest{(flags & kChangeIp) != 0, (flags & kChangePort) != 0};
}

void Icmp::encode_value(std::span<std::uint8_t> out, const TransactionId&) const {
    zero(out);
    out[2] = type;
    out[3] = code;
    store_be32(out.data() + 4, error_data);
}

Result<Icmp, AttrError> Icmp::decode_value(std::span<const std::uint8_t> v, const TransactionId&) {
    if (auto r = expect_size(v, 8); !r) return unexpected(r.error());
    return Icmp{v[2], v[3], load_be32(v.data() + 4)};
}

}  // namespace turn::proto
