// Allocate (RFC 8656 §7.2) and the allocation lifecycle.
#include <algorithm>

#include "protocol/attributes.hpp"
#include "protocol/fixed_vector.hpp"
#include "relay/relay_core.hpp"

namespace turn::relay {

using namespace proto;

namespace {

// Attributes whose presence matters but whose value failed to decode.
template <class A>
bool malformed(const StunMessage& m) {
    const auto a = m.get<A>();
    return !a && a.error() != AttrError::Missing;
}

constexpr int kBindAttempts = 16;

// Ports another program held during one Allocate: skipped for the rest of it,
// then handed back to the pool, so a port that was busy for a moment (the
// relay range often overlaps the kernel's ephemeral ports) is tried again by
// later requests instead of being lost to the pool for good.
class BusyPorts {
public:
    explicit BusyPorts(PortPool& pool) : pool_(pool) {}
    ~BusyPorts() {
        for (const auto port : ports_) pool_.release(port);
    }
    BusyPorts(const BusyPorts&) = delete;
    BusyPorts& operator=(const BusyPorts&) = delete;
    void add(std::uint16_t port) {
        pool_.mark_unavailable(port);
        ports_.push_back(port);
    }

private:
    PortPool& pool_;
    FixedVector<std::uint16_t, kBindAttempts> ports_;
};

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

std::optional<std::size_t> RelayCore::pick_relay_address(AddressFamily family) {
    const auto& addrs = config_.relay_addresses;
    // Round robin over the relay IPs of the family, so repeated relay-ip
    // options spread allocations (and ports) over addresses.
    for (std::size_t k = 0; k < addrs.size(); ++k) {
        const std::size_t i = (next_relay_address_ + k) % addrs.size();
        if (addrs[i].local.family != family) continue;
        next_relay_address_ = i + 1;
        return i;
    }
    return std::nullopt;
}

std::optional<StunError> RelayCore::open_relay_socket(const Request& r, Allocation& a) {
    const bool dont_fragment = r.msg.has(AttrType::DontFragment);
    const auto token = r.msg.get<proto::ReservationToken>();
    if (token) {
        PortToken t{};
        std::copy(token->value.begin(), token->value.end(), t.begin());
        for (std::size_t i = 0; i < shared_.pools.size(); ++i) {
            const auto port = shared_.pools[i]->redeem(t, clock_.now());
            if (!port) continue;
            a.pool_index = i;
            a.relayed = config_.relay_addresses[i].local;
            a.relayed.port = *port;
            auto s = open_socket(a, dont_fragment);
            if (s) a.socket = *s;
            if (!s) shared_.pools[i]->release(*port);
            return s ? std::nullopt : std::optional{StunError::InsufficientCapacity};
        }
        return StunError::InsufficientCapacity;  // RFC 8656 §7.2: unknown or expired token
    }
    const auto family = r.msg.get<RequestedAddressFamily>();
    const auto index = pick_relay_address(family ? family->family : AddressFamily::IPv4);
    if (!index) return StunError::AddressFamilyNotSupported;
    const auto even = r.msg.get<EvenPort>();
    PortPool& pool = *shared_.pools[*index];
    BusyPorts busy(pool);
    for (int attempt = 0; attempt < kBindAttempts; ++attempt) {
        const auto grant = pool.acquire(even.ok(), even && even->reserve_next, clock_.now());
        if (!grant) return StunError::InsufficientCapacity;
        a.pool_index = *index;
        a.relayed = config_.relay_addresses[*index].local;
        a.relayed.port = grant->port;
        auto s = open_socket(a, dont_fragment);
        if (s) {
            a.socket = *s;
            a.reservation = grant->token;
            return std::nullopt;
        }
        if (grant->token && pool.redeem(*grant->token, clock_.now()))
            pool.release(static_cast<std::uint16_t>(grant->port + 1));  // drop the reservation with it
        if (s.error() != OpenError::AddressInUse) {
            pool.release(grant->port);
            return StunError::InsufficientCapacity;
        }
        busy.add(grant->port);  // held by another program; skip it for this request
    }
    return StunError::InsufficientCapacity;
}

void RelayCore::on_allocate(Request& r) {
    if (Allocation* existing = allocations_.find(r.client)) {
        // RFC 8656 §7.2: a retransmitted request gets the original answer;
        // any other Allocate on a 5-tuple that has one is a mismatch.
        if (existing->allocate_tid == r.msg.transaction_id()) return reply_allocate_success(r, *existing);
        return reply_error(r, StunError::AllocationMismatch);
    }
    const auto transport = r.msg.get<RequestedTransport>();
    if (!transport) return reply_error(r, StunError::BadRequest);
    const bool tcp = transport->protocol == RequestedTransport::kTcp;
    if (!tcp && transport->protocol != RequestedTransport::kUdp)
        return reply_error(r, StunError::UnsupportedTransportProtocol);
    if (const auto e = tcp ? check_tcp_allocate(r) : std::nullopt) return reply_error(r, *e);
    if (malformed<EvenPort>(r.msg) || malformed<proto::ReservationToken>(r.msg)) return reply_error(r, StunError::BadRequest);
    const auto family = r.msg.get<RequestedAddressFamily>();
    if (!family && family.error() == AttrError::BadFamily)
        return reply_error(r, StunError::AddressFamilyNotSupported);
    if (malformed<RequestedAddressFamily>(r.msg)) return reply_error(r, StunError::BadRequest);
    const bool token = r.msg.has(AttrType::ReservationToken);
    const auto additional = r.msg.get<AdditionalAddressFamily>();
    // RFC 8656 §7.2: a token excludes EVEN-PORT and either family attribute;
    // the two family attributes exclude each other; ADDITIONAL asks for IPv6.
    if (token && (r.msg.has(AttrType::EvenPort) || family || additional))
        return reply_error(r, StunError::BadRequest);
    if (family && additional) return reply_error(r, StunError::BadRequest);
    if (malformed<AdditionalAddressFamily>(r.msg) || (additional && additional->family != AddressFamily::IPv6))
        return reply_error(r, StunError::BadRequest);

    const std::string quota_name(shared_.authenticator ? shared_.authenticator->quota_name(r.username) : r.username);
    switch (shared_.quota.acquire(quota_name)) {
        case QuotaVerdict::UserQuotaReached: return reply_error(r, StunError::AllocationQuotaReached);
        case QuotaVerdict::TotalQuotaReached: return reply_error(r, StunError::InsufficientCapacity);
        case QuotaVerdict::Granted: break;
    }
    auto a = std::make_unique<Allocation>();
    a->client = r.client;
    a->username = std::string(r.username);
    a->quota_name = quota_name;
    a->tcp = tcp;
    if (const auto e = open_relay_socket(r, *a)) {
        shared_.quota.release(quota_name);
        return reply_error(r, *e);
    }
    a->advertised = config_.relay_addresses[a->pool_index].advertised;
    a->advertised.port = a->relayed.port;
    a->created_at = clock_.now();
    const auto db = shared_.db_limits.current();
    a->max_bps = db && db->max_bps ? *db->max_bps : config_.max_bps;
    a->to_peer_budget.start(a->max_bps, a->created_at);
    a->to_client_budget.start(a->max_bps, a->created_at);
    a->granted_lifetime = granted_lifetime(r.msg, true);
    a->expires_at = a->created_at + seconds(a->granted_lifetime);
    a->allocate_tid = r.msg.transaction_id();
    // Dual allocation (RFC 8656 §7.2 ADDITIONAL-ADDRESS-FAMILY) is not
    // offered yet: the IPv4 allocation stands and the IPv6 half is refused.
    a->additional_family_refused = additional.ok();
    if (r.key) a->key = *r.key;
    a->key_is_sha256 = r.sha256;
    ++counters_.allocations_created;
    reply_allocate_success(r, allocations_.insert(std::move(a)));
}

void RelayCore::reply_allocate_success(const Request& r, const Allocation& a) {
    reply(r, MessageClass::SuccessResponse, [&](MessageBuilder& b) {
        b.add(XorRelayedAddress{a.advertised}).add(Lifetime{a.granted_lifetime});
        if (a.reservation) b.add(proto::ReservationToken{std::span<const std::uint8_t>(*a.reservation)});
        if (a.additional_family_refused)
            b.add(AddressErrorCode{AddressFamily::IPv6, static_cast<std::uint16_t>(StunError::AddressFamilyNotSupported),
                                   reason_phrase(StunError::AddressFamilyNotSupported)});
        b.add(XorMappedAddress{r.client.addr});
    });
}

void RelayCore::on_client_closed(const ClientKey& client) { free_allocation(client); }

Result<RelaySocket, OpenError> RelayCore::open_socket(Allocation& a, bool dont_fragment) {
    // RFC 6062 §5.1: a TCP allocation's relayed address is a listening socket.
    if (a.tcp) return tcp_->listen_relay(a.relayed, &a);
    return transport_.open_relay(a.relayed, &a, dont_fragment);
}

void RelayCore::free_allocation(const ClientKey& k) {
    auto a = allocations_.remove(k);
    if (!a) return;
    counters_.ended_traffic += a->traffic;
    if (a->tcp) {
        close_tcp_connections(*a);
        tcp_->close_listener(a->socket);
    } else {
        transport_.close_relay(a->socket);
    }
    shared_.pools[a->pool_index]->release(a->relayed.port);
    shared_.quota.release(a->quota_name);
}

}  // namespace turn::relay
