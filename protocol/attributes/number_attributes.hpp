// Fixed-size attributes holding numbers and flags. RFFU ("reserved for future
// use") bits are written as zero and ignored on receipt, as each RFC says.
#pragma once

#include <cstdint>
#include <span>

#include "protocol/attribute_type.hpp"
#include "protocol/attributes/attr_error.hpp"
#include "protocol/result.hpp"
#include "protocol/stun_header.hpp"
#include "protocol/transport_address.hpp"

namespace turn::proto {

// A 32-bit unsigned value filling the attribute: LIFETIME (RFC 8656 §18.2, seconds),
// CONNECTION-ID (RFC 6062 §6.2.1), FINGERPRINT (RFC 8489 §14.7).
template <AttrType T>
struct U32Attribute {
    static constexpr AttrType kType = T;
    std::uint32_t value = 0;

    std::size_t value_size() const { return 4; }
    void encode_value(std::span<std::uint8_t> out, const TransactionId&) const;
    static Result<U32Attribute, AttrError> decode_value(std::span<const std::uint8_t> v, const TransactionId&);
    friend bool operator==(const U32Attribute&, const U32Attribute&) = default;
};

using Lifetime = U32Attribute<AttrType::Lifetime>;
using ConnectionId = U32Attribute<AttrType::ConnectionId>;
using Fingerprint = U32Attribute<AttrType::Fingerprint>;

//  | Channel Number (16) |  RFFU = 0 (16) |          RFC 8656 §18.1
struct ChannelNumber {
    static constexpr AttrType kType = AttrType::ChannelNumber;
    std::uint16_t value = 0;

    std::size_t value_size() const { return 4; }
    void encode_value(std::span<std::uint8_t> out, const TransactionId&) const;
    static Result<ChannelNumber, AttrError> decode_value(std::span<const std::uint8_t> v, const TransactionId&);
    friend bool operator==(const ChannelNumber&, const ChannelNumber&) = default;
};

//  | Protocol (8) |  RFFU (24) |                      RFC 8656 §18.7
struct RequestedTransport {
    static constexpr AttrType kType = AttrType::RequestedTransport;
    static constexpr std::uint8_t kUdp = 17;
    static constexpr std::uint8_t kTcp = 6;  // RFC 6062
    std::uint8_t protocol = kUdp;

    std::size_t value_size() const { return 4; }
    void encode_value(std::span<std::uint8_t> out, const TransactionId&) const;
    static Result<RequestedTransport, AttrError> decode_value(std::span<const std::uint8_t> v,
                                                              const TransactionId&);
    friend bool operator==(const RequestedTransport&, const RequestedTransport&) = default;
};

//  | Family (8) |  Reserved (24) |     REQUESTED-ADDRESS-FAMILY (RFC 8656 §18.8),
//                                      ADDITIONAL-ADDRESS-FAMILY (§18.11)
template <AttrType T>
struct FamilyAttribute {
    static constexpr AttrType kType = T;
    AddressFamily family = AddressFamily::IPv4;

    std::size_t value_size() const { return 4; }
    void encode_value(std::span<std::uint8_t> out, const TransactionId&) const;
    static Result<FamilyAttribute, AttrError> decode_value(std::span<const std::uint8_t> v, const TransactionId&);
    friend bool operator==(const FamilyAttribute&, const FamilyAttribute&) = default;
};

using RequestedAddressFamily = FamilyAttribute<AttrType::RequestedAddressFamily>;
using AdditionalAddressFamily = FamilyAttribute<AttrType::AdditionalAddressFamily>;
using AdditionalAddressFamilyCoturn = FamilyAttribute<AttrType::AdditionalAddressFamilyCoturn>;

//  |R|  RFFU (7) |                     EVEN-PORT, RFC 8656 §18.6 (one byte, padded)
struct EvenPort {
    static constexpr AttrType kType = AttrType::EvenPort;
    bool reserve_next = false;  // the R bit: also reserve the next-higher port

    std::size_t value_size() const { return 1; }
    void encode_value(std::span<std::uint8_t> out, const TransactionId&) const;
    static Result<EvenPort, AttrError> decode_value(std::span<const std::uint8_t> v, const TransactionId&);
    friend bool operator==(const EvenPort&, const EvenPort&) = default;
};

// DONT-FRAGMENT (RFC 8656 §18.10): no value.
struct DontFragment {
    static constexpr AttrType kType = AttrType::DontFragment;

    std::size_t value_size() const { return 0; }
    void encode_value(std::span<std::uint8_t>, const TransactionId&) const {}
    static Result<DontFragment, AttrError> decode_value(std::span<const std::uint8_t> v, const TransactionId&);
    friend bool operator==(const DontFragment&, const DontFragment&) = default;
};

//  | Port (16) | Padding (16) |         RESPONSE-PORT, RFC 5780 §7.5
struct ResponsePort {
    static constexpr AttrType kType = AttrType::ResponsePort;
    std::uint16_t port = 0;

    std::size_t value_size() const { return 4; }
    void encode_value(std::span<std::uint8_t> out, const TransactionId&) const;
    static Result<ResponsePort, AttrError> decode_value(std::span<const std::uint8_t> v, const TransactionId&);
    friend bool operator==(const ResponsePort&, const ResponsePort&) = default;
};

//  | 0 ... 0 |A|B|0|                   CHANGE-REQUEST, RFC 5780 §7.2
struct ChangeRequest {
    static constexpr AttrType kType = AttrType::ChangeRequest;
    static constexpr std::uint32_t kChangeIp = 0x4;
    static constexpr std::uint32_t kChangePort = 0x2;
    bool change_ip = false;
    bool change_port = false;

    std::size_t value_size() const { return 4; }
    void encode_value(std::span<std::uint8_t> out, const TransactionId&) const;
    static Result<ChangeRequest, AttrError> decode_value(std::span<const std::uint8_t> v, const TransactionId&);
    friend bool operator==(const ChangeRequest&, const ChangeRequest&) = default;
};

//  |  Reserved (16)  | ICMP Type (8) | ICMP Code (8) |
//  |                Error Data (32)                  |       ICMP, RFC 8656 §18.13
// The RFC's figure draws the type 7 bits and the code 9 bits wide; ICMP's
// own type and code are a byte each, and so they are here (README).
struct Icmp {
    static constexpr AttrType kType = AttrType::Icmp;
    std::uint8_t type = 0;
    std::uint8_t code = 0;
    std::uint32_t error_data = 0;

    std::size_t value_size() const { return 8; }
    void encode_value(std::span<std::uint8_t> out, const TransactionId&) const;
    static Result<Icmp, AttrError> decode_value(std::span<const std::uint8_t> v, const TransactionId&);
    friend bool operator==(const Icmp&, const Icmp&) = default;
};

}  // namespace turn::proto
