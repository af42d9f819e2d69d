// Allocate (RFC 8656 §7.2) and the allocation lifecycle.
#include <algorithm>

#include "protocol/attributes.hpp"
#include "relay/allocate_request.hpp"
#include "relay/relay_core.hpp"

namespace turn::relay {

using namespace proto;

namespace {

// RFC 8656 §7.2: ADDRESS-ERROR-CODE for the family a dual allocation lacks.
void add_address_error(MessageBuilder& b, const Allocation& a) {
    const auto missing = a.relays.has(AddressFamily::IPv4) ? AddressFamily::IPv6 : AddressFamily::IPv4;
    const auto code = static_cast<std::uint16_t>(*a.address_error);
    const auto reason = reason_phrase(*a.address_error);
    if (a.coturn_types)
        b.add(AddressErrorCodeCoturn{missing, code, reason});
    else
        b.add(AddressErrorCode{missing, code, reason});
}

UnknownAttributes dont_fragment_unknown() {
    UnknownAttributes u;
    u.types.push_back(static_cast<std::uint16_t>(AttrType::DontFragment));
    return u;
}

}  // namespace

std::uint32_t RelayCore::granted_lifetime(const StunMessage& msg, bool at_least_default) const {
    const std::uint32_t max = config_.max_lifetime;
    const std::uint32_t def = std::min(config_.default_lifetime, max);
    const auto requested = msg.get<Lifetime>();
    if (!requested) return def;
    // RFC 8656 §7.2: min(requested, maximum), and for a new allocation no
    // less than the default; §7.3 (Refresh) takes min(requested, maximum).
    const std::uint32_t l = std::min(requested->value, max);
    return at_least_default ? std::max(l, def) : l;
}

std::optional<StunError> RelayCore::open_relays(Allocation& a, const AllocateAsk& ask) {
    if (ask.token) return redeem_endpoint(a, *ask.token, ask.port.dont_fragment);
    if (!ask.dual) return open_endpoint(a, ask.family, ask.port);
    // RFC 8656 §7.2: a dual allocation stands with the family the server
    // could give; the other one's error goes into ADDRESS-ERROR-CODE. Only
    // when neither can be had does the request fail, with the IPv4 error
    // unless the server simply has no IPv4 relay address.
    const auto v4 = open_endpoint(a, AddressFamily::IPv4, ask.port);
    const auto v6 = open_endpoint(a, AddressFamily::IPv6, ask.port);
    if (v4 && v6) return *v4 == StunError::AddressFamilyNotSupported ? *v6 : *v4;
    a.address_error = v4 ? v4 : v6;
    return std::nullopt;
}

void RelayCore::on_allocate(Request& r) {
    if (Allocation* existing = live_allocation(r.client)) {
        // RFC 8656 §7.2: a retransmitted request gets the original answer;
        // any other Allocate on a 5-tuple that has one is a mismatch.
        if (existing->allocate_tid == r.msg.transaction_id()) return reply_allocate_success(r, *existing);
        return reply_error(r, StunError::AllocationMismatch);
    }
    // turnctl drain: new allocations go elsewhere while these ones end.
    if (draining_) return reply_error(r, StunError::Forbidden);
    const auto ask = parse_allocate(r.msg);
    if (!ask) return reply_error(r, ask.error());
    if (const auto e = ask->tcp ? check_tcp_allocate(r, *ask) : std::nullopt) return reply_error(r, *e);
    if (const auto e = check_mobility_allocate(r)) return reply_error(r, *e);

    // RFC 7635 sessions count against total-quota only, as in coturn: their
    // USERNAME is a key id that many users share, not a user.
    std::string_view counted = live_.authenticator ? live_.authenticator->quota_name(r.username) : r.username;
    if (r.token_expiry) counted = {};
    const std::string quota_name(counted);
    switch (shared_.quota.acquire(quota_name)) {
        case QuotaVerdict::UserQuotaReached: return reply_error(r, StunError::AllocationQuotaReached);
        case QuotaVerdict::TotalQuotaReached: return reply_error(r, StunError::InsufficientCapacity);
        case QuotaVerdict::Granted: break;
    }
    auto a = std::make_unique<Allocation>();
    a->id = next_allocation_id();
    a->client = r.client;
    a->username = std::string(r.username);
    a->quota_name = quota_name;
    a->tcp = ask->tcp;
    if (const auto e = open_relays(*a, *ask)) {  // on failure nothing is left open
        shared_.quota.release(quota_name);
        // RFC 8656 §7.2: DONT-FRAGMENT the server cannot honour is treated as
        // an unknown comprehension-required attribute.
        if (*e == StunError::UnknownAttribute) return reply_unknown_attributes(r, dont_fragment_unknown());
        return reply_error(r, *e);
    }
    a->created_at = clock_.now();
    const auto db = shared_.db_limits.current();
    a->max_bps = db && db->max_bps ? *db->max_bps : config_.max_bps;
    a->to_peer_budget.start(a->max_bps, a->created_at);
    a->to_client_budget.start(a->max_bps, a->created_at);
    a->granted_lifetime = token_capped(granted_lifetime(r.msg, true), r);
    a->expires_at = a->created_at + seconds(a->granted_lifetime);
    a->allocate_tid = r.msg.transaction_id();
    a->coturn_types = ask->coturn_types;
    a->dont_fragment = ask->port.dont_fragment;
    // RFC 8016 §3.1: the client asked for a ticket (check_mobility_allocate let it).
    if (r.msg.has(AttrType::MobilityTicket)) a->mobility = new_mobility();
    if (r.key) a->key = *r.key;
    a->integrity = r.integrity;
    a->token_expiry = r.token_expiry;
    ++counters_.allocations_created;
    Allocation& created = allocations_.insert(std::move(a));
    report(AllocationEventKind::Created, created);
    reply_allocate_success(r, created);
}

void RelayCore::reply_allocate_success(const Request& r, const Allocation& a) {
    reply(r, MessageClass::SuccessResponse, [&](MessageBuilder& b) {
        // RFC 8656 §7.2: one XOR-RELAYED-ADDRESS per relayed address, IPv4 first.
        for (const auto family : kFamilies)
            if (a.relays.has(family)) b.add(XorRelayedAddress{advertised_address(a.relays[family])});
        b.add(Lifetime{a.granted_lifetime});
        if (a.reservation) b.add(proto::ReservationToken{std::span<const std::uint8_t>(*a.reservation)});
        if (a.address_error) add_address_error(b, a);
        if (a.mobility) add_mobility_ticket(b, a);
        b.add(XorMappedAddress{r.client.addr});
    });
}

void RelayCore::on_client_closed(const ClientKey& client) { free_allocation(client, EndReason::ClientGone); }

void RelayCore::free_allocation(const ClientKey& k, EndReason why) {
    if (auto a = allocations_.remove(k)) release_allocation(*a, why);
}

void RelayCore::release_allocation(Allocation& a, EndReason why) {
    report(AllocationEventKind::Deleted, a, why);
    counters_.ended_traffic += a.traffic;
    if (ended_by_user_) ended_by_user_->add(a.quota_name, a.traffic.totals());
    if (a.tcp) close_tcp_connections(a);
    close_endpoints(a);
    shared_.quota.release(a.quota_name);
}

}  // namespace turn::relay
