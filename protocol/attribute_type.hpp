// Attribute type registry: every attribute this codec knows, with the RFC that
// defines it. Types below 0x8000 are comprehension-required (RFC 8489 §14): a
// request carrying one we do not know gets 420 with UNKNOWN-ATTRIBUTES.
#pragma once

#include <cstdint>
#include <string_view>

namespace turn::proto {

enum class AttrType : std::uint16_t {
    // RFC 8489 (STUN)
    MappedAddress = 0x0001,
    Username = 0x0006,
    MessageIntegrity = 0x0008,
    ErrorCode = 0x0009,
    UnknownAttributes = 0x000A,
    Realm = 0x0014,
    Nonce = 0x0015,
    MessageIntegritySha256 = 0x001C,
    PasswordAlgorithm = 0x001D,
    Userhash = 0x001E,
    XorMappedAddress = 0x0020,
    PasswordAlgorithms = 0x8002,
    AlternateDomain = 0x8003,
    Software = 0x8022,
    AlternateServer = 0x8023,
    Fingerprint = 0x8028,
    // RFC 8656 (TURN), RFC 6156 (IPv6)
    ChannelNumber = 0x000C,
    Lifetime = 0x000D,
    XorPeerAddress = 0x0012,
    Data = 0x0013,
    XorRelayedAddress = 0x0016,
    RequestedAddressFamily = 0x0017,
    EvenPort = 0x0018,
    RequestedTransport = 0x0019,
    DontFragment = 0x001A,
    ReservationToken = 0x0022,
    AdditionalAddressFamily = 0x8000,
    AddressErrorCode = 0x8001,
    Icmp = 0x8004,
    // RFC 6062 (TCP relay)
    ConnectionId = 0x002A,
    // RFC 5780 (NAT behaviour discovery), with RFC 3489's classic addresses
    ChangeRequest = 0x0003,
    SourceAddress = 0x0004,
    ChangedAddress = 0x0005,
    Padding = 0x0026,
    ResponsePort = 0x0027,
    ResponseOrigin = 0x802B,
    OtherAddress = 0x802C,
    // RFC 7635 (third-party authorization)
    AccessToken = 0x001B,
    ThirdPartyAuthorization = 0x802E,
    // coturn's ORIGIN, and RFC 8016 mobility
    Origin = 0x802F,
    MobilityTicket = 0x8030,
    // coturn's types for the RFC 8656 dual-allocation attributes, from the
    // drafts before the RFC: coturn and its turnutils_uclient still send and
    // expect these in place of 0x8000 and 0x8001.
    AdditionalAddressFamilyCoturn = 0x8032,
    AddressErrorCodeCoturn = 0x8033,
};

constexpr bool is_comprehension_required(std::uint16_t type) { return type < 0x8000; }

// True for every type listed in AttrType.
bool is_known_attribute(std::uint16_t type);
std::string_view attribute_name(std::uint16_t type);

}  // namespace turn::proto
