#include "relay/peer_policy.hpp"

#include <algorithm>

namespace turn::relay {
namespace {

struct BlockSpec {
    const char* cidr;
    PeerVerdict verdict;
};

// Special-purpose registries (RFC 6890, RFC 4291) reduced to what a relay must
// not reach by default.
constexpr BlockSpec kBuiltinBlocks[] = {
    {"127.0.0.0/8", PeerVerdict::Loopback},       {"::1/128", PeerVerdict::Loopback},
    {"0.0.0.0/8", PeerVerdict::Unspecified},      {"::/128", PeerVerdict::Unspecified},
    {"224.0.0.0/4", PeerVerdict::Multicast},      {"ff00::/8", PeerVerdict::Multicast},
    {"255.255.255.255/32", PeerVerdict::Multicast},
    {"169.254.0.0/16", PeerVerdict::LinkLocal},   {"fe80::/10", PeerVerdict::LinkLocal},
    {"10.0.0.0/8", PeerVerdict::Private},         {"172.16.0.0/12", PeerVerdict::Private},
    {"192.168.0.0/16", PeerVerdict::Private},     {"100.64.0.0/10", PeerVerdict::Private},
    {"fc00::/7", PeerVerdict::Private},
    {"240.0.0.0/4", PeerVerdict::Reserved},       {"::/96", PeerVerdict::Reserved},  // IPv4-compatible, deprecated
    {"64:ff9b:1::/48", PeerVerdict::Reserved},
};

bool any_contains(const std::vector<IpRange>& ranges, const proto::TransportAddress& a) {
    return std::any_of(ranges.begin(), ranges.end(), [&](const IpRange& r) { return r.contains(a); });
}

}  // namespace

PeerPolicy::PeerPolicy(PeerPolicyConfig config) : config_(std::move(config)) {
    for (const auto& b : kBuiltinBlocks) builtin_.push_back({*IpRange::cidr(b.cidr), b.verdict});
}

PeerVerdict PeerPolicy::builtin_class(const proto::TransportAddress& a) const {
    for (const auto& b : builtin_)
        if (b.range.contains(a)) return b.verdict;
    return PeerVerdict::Allowed;
}

PeerVerdict PeerPolicy::check(const proto::TransportAddress& peer, const std::vector<IpRange>* extra_allowed,
                              const std::vector<IpRange>* extra_denied) const {
    const auto a = unmap_ipv4(peer);
    // Ranges written for either form of a mapped address apply to both.
    auto in = [&](const std::vector<IpRange>& list, const std::vector<IpRange>* extra) {
        return any_contains(list, a) || any_contains(list, peer) ||
               (extra && (any_contains(*extra, a) || any_contains(*extra, peer)));
    };
    if (in(config_.allowed, extra_allowed)) return PeerVerdict::Allowed;
    if (in(config_.denied, extra_denied)) return PeerVerdict::DeniedByConfig;
    const PeerVerdict v = builtin_class(a);
    if (v == PeerVerdict::Loopback && config_.allow_loopback) return PeerVerdict::Allowed;
    return v;
}

std::string_view peer_verdict_name(PeerVerdict v) {
    switch (v) {
        case PeerVerdict::Allowed: return "allowed";
        case PeerVerdict::DeniedByConfig: return "denied by denied-peer-ip";
        case PeerVerdict::Loopback: return "loopback peer";
        case PeerVerdict::Unspecified: return "unspecified address";
        case PeerVerdict::Multicast: return "multicast or broadcast peer";
        case PeerVerdict::LinkLocal: return "link-local peer";
        case PeerVerdict::Private: return "private-network peer";
        case PeerVerdict::Reserved: return "reserved address";
    }
    return "unknown";
}

}  // namespace turn::relay
