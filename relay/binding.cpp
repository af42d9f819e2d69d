// STUN Binding (RFC 8489 §7.3), with RFC 5780 NAT behaviour discovery when
// the listener the request reached has an alternate address: the response
// may leave from another of this thread's listening sockets (CHANGE-REQUEST),
// go to another port of the client (RESPONSE-PORT) and carry PADDING.
//
// Amplification: a plain answer is XOR-MAPPED-ADDRESS only, and nothing
// that would make it much larger than the request. With discovery on, RFC
// 5780 §6.1 requires MAPPED-ADDRESS, RESPONSE-ORIGIN and OTHER-ADDRESS in
// every answer (36 bytes more for IPv4); no-rfc5780 turns that off, as in
// coturn. PADDING never exceeds the request's own PADDING (nat_discovery.cpp),
// and RESPONSE-PORT with PADDING is refused (§10).
#include <array>

#include "protocol/attributes.hpp"
#include "relay/relay_core.hpp"

namespace turn::relay {

using namespace proto;

namespace {

// PADDING's value does not matter (RFC 5780 §7.6): zeros, never the
// request's bytes echoed back.
constexpr std::array<std::uint8_t, kMaxResponsePadding> kZeroPadding{};

ClientTransportKind kind_of(const ClientKey& client) {
    if (client.is_stream()) return ClientTransportKind::Stream;
    if (client.is_dtls()) return ClientTransportKind::Dtls;
    return ClientTransportKind::Udp;
}

}  // namespace

void RelayCore::on_binding(Request& r) {
    ++counters_.binding_requests;
    if (const auto unknown = r.msg.unknown_comprehension_required(); !unknown.types.empty())
        return refuse_binding(r, {StunError::UnknownAttribute, unknown});
    const auto ask = read_discovery_ask(r.msg);
    if (!ask) return refuse_binding(r, {ask.error(), {}});
    // Only with discovery on does the answer depend on where the request
    // arrived: ICE keepalives skip the lookup otherwise.
    std::optional<TransportAddress> local;
    if (config_.discovery.enabled()) {
        if (const auto arrival = transport_.arrival(r.client)) local = arrival->local;
    }
    const auto plan = plan_binding(*ask, kind_of(r.client), local, config_.discovery);
    if (!plan) return refuse_binding(r, plan.error());
    answer_binding(r, *ask, *plan);
}

void RelayCore::refuse_binding(const Request& r, const BindingRefusal& refusal) {
    ++counters_.binding_errors;
    if (refusal.error == StunError::UnknownAttribute) return reply_unknown_attributes(r, refusal.unknown);
    reply_error(r, refusal.error);
}

void RelayCore::answer_binding(const Request& r, const DiscoveryAsk& ask, const BindingPlan& plan) {
    ++counters_.binding_responses;
    ReplyTo to = r.reply_to();
    if (ask.change_ip || ask.change_port) {
        // §6.1 Table 1: from this thread's own socket on the other address
        // or port (every worker holds a SO_REUSEPORT copy of each).
        const auto listener = transport_.udp_listener_at(plan.origin);
        if (!listener) return reply_error(r, StunError::ServerError);
        to.client.listener = *listener;
    }
    // §7.5: to the request's source IP, at the port the client asked for.
    if (plan.response_port) to.client.addr.port = *plan.response_port;
    const std::size_t padding = plan.padding.value_or(0);
    reply(
        to, MessageClass::SuccessResponse,
        [&](MessageBuilder& b) {
            b.add(XorMappedAddress{r.client.addr});
            if (plan.discovery)
                b.add(MappedAddress{r.client.addr}).add(ResponseOrigin{plan.origin}).add(OtherAddress{plan.other});
            if (plan.padding) b.add(PaddingAttr{std::span<const std::uint8_t>(kZeroPadding).first(padding)});
        },
        ResponseArena::kMaxResponse + padding);
}

}  // namespace turn::relay
