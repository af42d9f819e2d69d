#include "relay/peer_policy.hpp"

#include <algorithm>

#include "protocol/fixed_vector.hpp"

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
    {"64:ff9b:1::/48", PeerVerdict::Reserved},    {"100::/64", PeerVerdict::Reserved},  // RFC 6666 discard-only
};

bool any_contains(const std::vector<IpRange>& ranges, const proto::TransportAddress& a) {
    return std::any_of(ranges.begin(), ranges.end(), [&](const IpRange& r) { return r.contains(a); });
}

using Forms = FixedVector<proto::TransportAddress, 3>;

// Every form of a peer address that policy judges: as given; an IPv4-mapped
// address as IPv4 and IPv4 as IPv4-mapped (a range written in either form
// applies to both); and the IPv4 address NAT64 or 6to4 would deliver to.
Forms forms_of(const proto::TransportAddress& peer) {
    Forms out;
    out.push_back(peer);
    const auto plain = unmap_ipv4(peer);
    const auto other = plain == peer ? map_ipv4(peer) : plain;
    if (!(other == peer)) out.push_back(other);
    if (const auto v4 = translated_ipv4(peer)) out.push_back(*v4);
    return out;
}

bool any_in(const Forms& forms, const std::vector<IpRange>& list, const std::vector<IpRange>* extra) {
    return std::any_of(forms.begin(), forms.end(), [&](const proto::TransportAddress& f) {
        return any_contains(list, f) || (extra && any_contains(*extra, f));
    });
}

}  // namespace

bool OwnEndpoints::contains(const proto::TransportAddress& a) const {
    return std::find(ports.begin(), ports.end(), a.port) != ports.end() && any_contains(ips, a);
}

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
    const Forms forms = forms_of(peer);
    if (std::any_of(forms.begin(), forms.end(), [&](const auto& f) { return config_.own.contains(f); }))
        return PeerVerdict::ServerItself;
    if (any_in(forms, config_.allowed, extra_allowed)) return PeerVerdict::Allowed;
    if (any_in(forms, config_.denied, extra_denied)) return PeerVerdict::DeniedByConfig;
    // The first form in a refused class decides: 64:ff9b::a00:1 is private.
    PeerVerdict v = PeerVerdict::Allowed;
    for (const auto& f : forms)
        if (v == PeerVerdict::Allowed) v = builtin_class(f);
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
        case PeerVerdict::ServerItself: return "the server's own listening address";
    }
    return "unknown";
}

}  // namespace turn::relay
