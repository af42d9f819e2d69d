#include "relay/nat_discovery.hpp"

#include <algorithm>

namespace turn::relay {

using namespace proto;

namespace {

bool same_ip(const TransportAddress& a, const TransportAddress& b) { return a.family == b.family && a.ip == b.ip; }

std::optional<std::uint16_t> partner_port(const std::vector<NatDiscoveryConfig::PortPair>& pairs, std::uint16_t port) {
    for (const auto& p : pairs) {
        if (p.primary == port) return p.alternate;
        if (p.alternate == port) return p.primary;
    }
    return std::nullopt;
}

// The first of `get`'s attributes in `msg`, decoded; the error when it is
// malformed, nullopt when there is none.
template <class A>
Result<std::optional<A>, StunError> optional_attribute(const StunMessage& msg) {
    if (!msg.has(A::kType)) return std::optional<A>{};
    auto a = msg.get<A>();
    if (!a) return unexpected(StunError::BadRequest);
    return std::optional<A>(*a);
}

BindingRefusal bad_request() { return {StunError::BadRequest, {}}; }

// §6: without an alternate address the server "MUST respond with a 420 to
// any Request with a CHANGE-REQUEST attribute" (one asking for a change;
// an empty one is how Stuntman's client probes, and coturn answers it);
// RESPONSE-PORT and PADDING are optional to support (§5), so they get 420
// here too rather than a response that silently ignores them.
std::optional<BindingRefusal> unsupported(const DiscoveryAsk& ask) {
    BindingRefusal refusal{StunError::UnknownAttribute, {}};
    if (ask.change_ip || ask.change_port) refusal.unknown.types.push_back(static_cast<std::uint16_t>(AttrType::ChangeRequest));
    if (ask.response_port) refusal.unknown.types.push_back(static_cast<std::uint16_t>(AttrType::ResponsePort));
    if (ask.padding) refusal.unknown.types.push_back(static_cast<std::uint16_t>(AttrType::Padding));
    if (refusal.unknown.types.empty()) return std::nullopt;
    return refusal;
}

// What no transport can do, and what only UDP can (as coturn answers).
std::optional<BindingRefusal> refused_for(const DiscoveryAsk& ask, ClientTransportKind kind) {
    // §6.1, §7.5: both together would aim padded responses at any port.
    if (ask.padding && ask.response_port) return bad_request();
    // A response to another port, or from another address, cannot travel
    // inside a TCP connection or a DTLS session.
    const bool moves = ask.change_ip || ask.change_port || ask.response_port;
    if (moves && kind != ClientTransportKind::Udp) return bad_request();
    // §3.5: PADDING tests how IP fragments get through; a stream has none.
    if (ask.padding && kind == ClientTransportKind::Stream) return bad_request();
    if (ask.response_port == std::uint16_t{0}) return bad_request();
    return std::nullopt;
}

std::size_t rounded_up_to_4(std::size_t n) { return (n + 3) & ~std::size_t{3}; }

}  // namespace

std::optional<TransportAddress> NatDiscoveryConfig::other_address(const TransportAddress& local) const {
    const auto here = std::find_if(ips.begin(), ips.end(), [&](const TransportAddress& a) { return same_ip(a, local); });
    const auto port = partner_port(ports, local.port);
    if (here == ips.end() || !port) return std::nullopt;
    // The next IP of the same family after Da, wrapping around (coturn's order).
    const std::size_t start = static_cast<std::size_t>(here - ips.begin());
    for (std::size_t step = 1; step < ips.size(); ++step) {
        const TransportAddress& candidate = ips[(start + step) % ips.size()];
        if (candidate.family != local.family || same_ip(candidate, local)) continue;
        TransportAddress other = candidate;
        other.port = *port;
        return other;
    }
    return std::nullopt;
}

Result<DiscoveryAsk, StunError> read_discovery_ask(const StunMessage& msg) {
    DiscoveryAsk ask;
    auto change = optional_attribute<ChangeRequest>(msg);
    auto port = optional_attribute<ResponsePort>(msg);
    if (!change || !port) return unexpected(StunError::BadRequest);
    if (*change) {
        ask.change_ip = (*change)->change_ip;
        ask.change_port = (*change)->change_port;
    }
    if (*port) ask.response_port = (*port)->port;
    if (const RawAttribute* padding = msg.find(AttrType::Padding)) ask.padding = padding->length;
    return ask;
}

Result<BindingPlan, BindingRefusal> plan_binding(const DiscoveryAsk& ask, ClientTransportKind kind,
                                                 const std::optional<TransportAddress>& local,
                                                 const NatDiscoveryConfig& config) {
    const auto other = local ? config.other_address(*local) : std::nullopt;
    if (!other) {
        if (auto refusal = unsupported(ask)) return unexpected(*refusal);
        return BindingPlan{};
    }
    if (auto refusal = refused_for(ask, kind)) return unexpected(*refusal);
    BindingPlan plan{true, *local, *other, ask.response_port, std::nullopt};
    if (ask.change_ip) {
        plan.origin.family = other->family;
        plan.origin.ip = other->ip;
    }
    if (ask.change_port) plan.origin.port = other->port;
    // §6.1: PADDING "MUST be included"; its length "SHOULD" be the MTU. The
    // request's own length (rounded up to 4, §7.6) instead: a tiny request
    // never gets a large answer, and a client testing fragments pads its
    // request to the size it wants back.
    if (ask.padding) plan.padding = std::min(rounded_up_to_4(*ask.padding), kMaxResponsePadding);
    return plan;
}

}  // namespace turn::relay
