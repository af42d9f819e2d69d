#include "relay/relay_core.hpp"

#include "protocol/attributes.hpp"
#include "protocol/channel_data.hpp"

namespace turn::relay {

using namespace proto;

RelayCore::RelayCore(SharedRelayState& shared, const Clock& clock, Transport& transport)
    : shared_(shared),
      live_(initial_live_settings(shared)),
      config_(shared.config),
      clock_(clock),
      transport_(transport),
      unauth_limit_(shared.config.unauthorized_rps) {}

RelayCore::~RelayCore() {
    std::vector<ClientKey> all;
    allocations_.for_each([&](Allocation& a) { all.push_back(a.client); });
    for (const auto& k : all) free_allocation(k, EndReason::ServerStopped);
}

TrafficCounters RelayCore::traffic_totals() {
    TrafficCounters total = counters_.ended_traffic;
    allocations_.for_each([&](Allocation& a) { total += a.traffic; });
    return total;
}

void RelayCore::on_client_datagram(const ClientKey& from, std::span<const std::uint8_t> bytes) {
    if (!departed_.empty() && forward_departed(from, bytes)) return;
    dispatch(from, bytes);
}

void RelayCore::dispatch(const ClientKey& from, std::span<const std::uint8_t> bytes) {
    // RFC 8656 §12: the first two bits tell STUN (00) from ChannelData (01).
    if (bytes.empty()) return;
    const std::uint8_t lead = bytes[0] & 0xC0;
    if (lead == 0x40) {
        on_channel_data(from, bytes);
    } else if (lead == 0x00) {
        on_stun(from, bytes);
    } else {
        ++counters_.dropped_malformed;
    }
}

void RelayCore::on_stun(const ClientKey& from, std::span<const std::uint8_t> bytes) {
    auto msg = StunMessage::decode(bytes);
    // RFC 8489 §6.3: malformed messages are discarded; answering them would
    // hand spoofed sources a reflector.
    if (!msg) {
        ++counters_.dropped_malformed;
        return;
    }
    switch (msg->message_class()) {
        case MessageClass::Request: {
            Request r{*msg, from, msg->has(AttrType::Fingerprint) || config_.fingerprint, std::nullopt,
                      IntegrityKind::Sha1, {}, {}};
            on_request(r);
            return;
        }
        case MessageClass::Indication:
            if (msg->method() == Method::Send) on_send_indication(from, *msg);
            return;
        default:
            return;  // a client has no business sending us responses
    }
}

void RelayCore::on_request(Request& r) {
    const Method m = r.msg.method();
    // no-stun: a relay only; Binding gets no answer, as in coturn.
    if (m == Method::Binding) return config_.no_stun ? void() : on_binding(r);
    // stun-only: a plain STUN server. Like coturn, other requests get no
    // answer at all, so nothing here looks like a relay.
    if (config_.stun_only) return;
    // Connect and ConnectionBind are for TCP and TLS clients (RFC 6062 §5.2,
    // §5.4: 400 otherwise).
    const bool tcp_method = m == Method::Connect || m == Method::ConnectionBind;
    if (m != Method::Allocate && m != Method::Refresh && m != Method::CreatePermission &&
        m != Method::ChannelBind && !(tcp_method && r.client.is_stream())) {
        return reply_error(r, StunError::BadRequest);
    }
    // A ConnectionBind's nonce is checked on the allocation's thread
    // (tcp_bind.cpp): it may have been issued to the control connection.
    if (!authenticate(r, m != Method::ConnectionBind)) return;
    // RFC 8489 §6.3.1.1, after authentication (§9.2.4 comes first).
    if (const auto unknown = r.msg.unknown_comprehension_required(); !unknown.types.empty())
        return reply_unknown_attributes(r, unknown);
    if (m == Method::Allocate) return redirect_allocate(r) ? void() : on_allocate(r);
    if (m == Method::ConnectionBind) return on_connection_bind(r);
    on_allocation_request(r);
}

void RelayCore::on_allocation_request(Request& r) {
    const Method m = r.msg.method();
    Allocation* a = live_allocation(r.client);
    if (m == Method::Refresh && r.msg.has(AttrType::MobilityTicket)) {
        // RFC 8016 §3.4: mobility is refused where the operator did not
        // turn it on (coturn's `mobility`).
        if (!config_.mobility) return reply_error(r, StunError::MobilityForbidden);
        // RFC 8016 §3.2: a ticket from a 5-tuple without an allocation
        // moves the ticket's allocation here.
        if (a == nullptr) return on_mobile_refresh(r);
    }
    if (a == nullptr) return reply_error(r, StunError::AllocationMismatch);
    // RFC 8656 §5: only the user that made the allocation may act on it.
    if (config_.auth_required && r.username != a->username) return reply_error(r, StunError::WrongCredentials);
    note_client_active(*a, r.client);
    if (m == Method::Refresh) return on_refresh(r, *a);
    if (m == Method::CreatePermission) return on_create_permission(r, *a);
    if (m == Method::Connect) return on_connect(r, *a);
    on_channel_bind(r, *a);
}

Allocation* RelayCore::live_allocation(const ClientKey& client) {
    Allocation* a = allocations_.find(client);
    // An allocation ends at its expiry time, not at the next sweep (RFC 8656
    // §7.5): a request in between finds none.
    if (a != nullptr && a->expires_at <= clock_.now()) {
        free_allocation(client, EndReason::Expired);
        return nullptr;
    }
    return a;
}

void RelayCore::sweep() {
    const Millis now = clock_.now();
    expired_scratch_.clear();
    allocations_.collect_expired(now, expired_scratch_);
    for (const auto& k : expired_scratch_) free_allocation(k, EndReason::Expired);
    sweep_tcp_connections(now);
    sweep_departures(now);
    allocations_.for_each([this, now](Allocation& a) {
        a.permissions.expire(now);
        a.channels.expire(now);
        // RFC 8016: a handoff the client did not finish in time (mobility.cpp).
        if (a.mobility && a.mobility->old_client && a.mobility->handoff_until <= now) end_handoff(a);
    });
    for (auto& pool : shared_.pools) pool->expire_reservations(now);
}

void RelayCore::end_of_batch() {
    transport_.flush();
    arena_.reset();
}

}  // namespace turn::relay
