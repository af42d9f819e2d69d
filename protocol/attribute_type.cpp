#include "protocol/attribute_type.hpp"

namespace turn::proto {

std::string_view attribute_name(std::uint16_t type) {
    switch (static_cast<AttrType>(type)) {
        case AttrType::MappedAddress: return "MAPPED-ADDRESS";
        case AttrType::Username: return "USERNAME";
        case AttrType::MessageIntegrity: return "MESSAGE-INTEGRITY";
        case AttrType::ErrorCode: return "ERROR-CODE";
        case AttrType::UnknownAttributes: return "UNKNOWN-ATTRIBUTES";
        case AttrType::Realm: return "REALM";
        case AttrType::Nonce: return "NONCE";
        case AttrType::MessageIntegritySha256: return "MESSAGE-INTEGRITY-SHA256";
        case AttrType::PasswordAlgorithm: return "PASSWORD-ALGORITHM";
        case AttrType::Userhash: return "USERHASH";
        case AttrType::XorMappedAddress: return "XOR-MAPPED-ADDRESS";
        case AttrType::PasswordAlgorithms: return "PASSWORD-ALGORITHMS";
        case AttrType::AlternateDomain: return "ALTERNATE-DOMAIN";
        case AttrType::Software: return "SOFTWARE";
        case AttrType::AlternateServer: return "ALTERNATE-SERVER";
        case AttrType::Fingerprint: return "FINGERPRINT";
        case AttrType::ChannelNumber: return "CHANNEL-NUMBER";
        case AttrType::Lifetime: return "LIFETIME";
        case AttrType::XorPeerAddress: return "XOR-PEER-ADDRESS";
        case AttrType::Data: return "DATA";
        case AttrType::XorRelayedAddress: return "XOR-RELAYED-ADDRESS";
        case AttrType::RequestedAddressFamily: return "REQUESTED-ADDRESS-FAMILY";
        case AttrType::EvenPort: return "EVEN-PORT";
        case AttrType::RequestedTransport: return "REQUESTED-TRANSPORT";
        case AttrType::DontFragment: return "DONT-FRAGMENT";
        case AttrType::ReservationToken: return "RESERVATION-TOKEN";
        case AttrType::AdditionalAddressFamily: return "ADDITIONAL-ADDRESS-FAMILY";
        case AttrType::AddressErrorCode: return "ADDRESS-ERROR-CODE";
        case AttrType::AdditionalAddressFamilyCoturn: return "ADDITIONAL-ADDRESS-FAMILY (coturn)";
        case AttrType::AddressErrorCodeCoturn: return "ADDRESS-ERROR-CODE (coturn)";
        case AttrType::Icmp: return "ICMP";
        case AttrType::ConnectionId: return "CONNECTION-ID";
        case AttrType::ChangeRequest: return "CHANGE-REQUEST";
        case AttrType::SourceAddress: return "SOURCE-ADDRESS";
        case AttrType::ChangedAddress: return "CHANGED-ADDRESS";
        case AttrType::Padding: return "PADDING";
        case AttrType::ResponsePort: return "RESPONSE-PORT";
        case AttrType::ResponseOrigin: return "RESPONSE-ORIGIN";
        case AttrType::OtherAddress: return "OTHER-ADDRESS";
        case AttrType::AccessToken: return "ACCESS-TOKEN";
        case AttrType::ThirdPartyAuthorization: return "THIRD-PARTY-AUTHORIZATION";
        case AttrType::Origin: return "ORIGIN";
        case AttrType::MobilityTicket: return "MOBILITY-TICKET";
    }
    return "unknown";
}

bool is_known_attribute(std::uint16_t type) { return attribute_name(type) != "unknown"; }

}  // namespace turn::proto
