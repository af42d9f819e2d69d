// Address attributes (RFC 8489 §14.1, §14.2):
//
//   0                   1                   2                   3
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |0 0 0 0 0 0 0 0|    Family     |         (X-)Port              |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |                 (X-)Address (32 bits or 128 bits)             |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The XOR forms mask the port with the cookie's top 16 bits and the address
// with the cookie (IPv4) or the cookie followed by the transaction ID (IPv6).
#pragma once

#include <cstdint>
#include <span>

#include "protocol/attribute_type.hpp"
#include "protocol/attributes/attr_error.hpp"
#include "protocol/result.hpp"
#include "protocol/stun_header.hpp"
#include "protocol/transport_address.hpp"

namespace turn::proto {

std::size_t address_value_size(const TransportAddress& a);
void encode_address(std::span<std::uint8_t> out, const TransportAddress& a, bool xored,
                    const TransactionId& tid);
Result<TransportAddress, AttrError> decode_address(std::span<const std::uint8_t> v, bool xored,
                                                   const TransactionId& tid);

template <AttrType T, bool Xored>
struct AddressAttribute {
    static constexpr AttrType kType = T;
    TransportAddress address;

    std::size_t value_size() const { return address_value_size(address); }
    void encode_value(std::span<std::uint8_t> out, const TransactionId& tid) const {
        encode_address(out, address, Xored, tid);
    }
    static Result<AddressAttribute, AttrError> decode_value(std::span<const std::uint8_t> v,
                                                            const TransactionId& tid) {
        auto a = decode_address(v, Xored, tid);
        if (!a) return unexpected(a.error());
        return AddressAttribute{*a};
    }
    friend bool operator==(const AddressAttribute&, const AddressAttribute&) = default;
};

using MappedAddress = AddressAttribute<AttrType::MappedAddress, false>;
using XorMappedAddress = AddressAttribute<AttrType::XorMappedAddress, true>;
using XorPeerAddress = AddressAttribute<AttrType::XorPeerAddress, true>;
using XorRelayedAddress = AddressAttribute<AttrType::XorRelayedAddress, true>;
using AlternateServer = AddressAttribute<AttrType::AlternateServer, false>;
using ResponseOrigin = AddressAttribute<AttrType::ResponseOrigin, false>;
using OtherAddress = AddressAttribute<AttrType::OtherAddress, false>;
using SourceAddress = AddressAttribute<AttrType::SourceAddress, false>;
using ChangedAddress = AddressAttribute<AttrType::ChangedAddress, false>;

}  // namespace turn::proto
