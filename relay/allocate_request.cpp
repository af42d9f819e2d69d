#include "relay/allocate_request.hpp"

#include <algorithm>

#include "protocol/attributes.hpp"

namespace turn::relay {

using namespace proto;

namespace {

// Attributes whose presence matters but whose value failed to decode.
template <class A>
bool malformed(const StunMessage& m) {
    const auto a = m.get<A>();
    return !a && a.error() != AttrError::Missing;
}

// RFC 8656 §7.2, in its order: REQUESTED-TRANSPORT, then RESERVATION-TOKEN
// (which excludes EVEN-PORT and both family attributes), then the two family
// attributes (which exclude each other).
std::optional<StunError> check_exclusions(const StunMessage& m) {
    const auto transport = m.get<RequestedTransport>();
    if (!transport) return StunError::BadRequest;
    // UDP, or TCP (RFC 6062 §5.1); anything else is a 442.
    if (transport->protocol != RequestedTransport::kUdp && transport->protocol != RequestedTransport::kTcp)
        return StunError::UnsupportedTransportProtocol;
    const bool requested = m.has(AttrType::RequestedAddressFamily);
    const bool additional =
        m.has(AttrType::AdditionalAddressFamily) || m.has(AttrType::AdditionalAddressFamilyCoturn);
    if (malformed<ReservationToken>(m) || malformed<Lifetime>(m)) return StunError::BadRequest;
    if (m.has(AttrType::ReservationToken) && (m.has(AttrType::EvenPort) || requested || additional))
        return StunError::BadRequest;
    if (requested && additional) return StunError::BadRequest;
    return std::nullopt;
}

// REQUESTED-ADDRESS-FAMILY: a family this codec does not know is one the
// server does not support (440); a value of the wrong length is a 400.
std::optional<StunError> read_requested_family(const StunMessage& m, AllocateAsk& ask) {
    const auto family = m.get<RequestedAddressFamily>();
    if (family) ask.family = family->family;
    if (!family && family.error() == AttrError::BadFamily) return StunError::AddressFamilyNotSupported;
    if (malformed<RequestedAddressFamily>(m)) return StunError::BadRequest;
    return std::nullopt;
}

// ADDITIONAL-ADDRESS-FAMILY may only say IPv6 (the IPv4 half is implied);
// anything else is a 400. With it, EVEN-PORT's R bit is a 400 too (RFC 8656
// §7.2): one RESERVATION-TOKEN cannot name a port of each family.
template <class A>
std::optional<StunError> read_additional_family(const StunMessage& m, AllocateAsk& ask) {
    const auto additional = m.get<A>();
    if (malformed<A>(m)) return StunError::BadRequest;
    if (!additional) return std::nullopt;
    if (additional->family != AddressFamily::IPv6 || ask.port.reserve_next) return StunError::BadRequest;
    ask.dual = true;
    return std::nullopt;
}

}  // namespace

bool lifetime_malformed(const StunMessage& m) { return malformed<Lifetime>(m); }

Result<AllocateAsk, StunError> parse_allocate(const StunMessage& m) {
    if (const auto e = check_exclusions(m)) return unexpected(*e);
    if (malformed<EvenPort>(m)) return unexpected(StunError::BadRequest);
    AllocateAsk ask;
    ask.tcp = m.get<RequestedTransport>()->protocol == RequestedTransport::kTcp;
    const auto even = m.get<EvenPort>();
    ask.port = {even.ok(), even && even->reserve_next, m.has(AttrType::DontFragment)};
    if (const auto token = m.get<ReservationToken>()) {
        ask.token.emplace();
        std::copy(token->value.begin(), token->value.end(), ask.token->begin());
    }
    if (const auto e = read_requested_family(m, ask)) return unexpected(*e);
    if (const auto e = read_additional_family<AdditionalAddressFamily>(m, ask)) return unexpected(*e);
    if (const auto e = read_additional_family<AdditionalAddressFamilyCoturn>(m, ask)) return unexpected(*e);
    ask.coturn_types = !m.has(AttrType::AdditionalAddressFamily) && m.has(AttrType::AdditionalAddressFamilyCoturn);
    return ask;
}

}  // namespace turn::relay
