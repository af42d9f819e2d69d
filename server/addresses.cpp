#include "server/addresses.hpp"

#include <ifaddrs.h>

#include <algorithm>

#include "server/socket_address.hpp"
#include "server/udp_socket.hpp"

namespace turn::server {
namespace {

std::vector<proto::TransportAddress> interface_addresses() {
    std::vector<proto::TransportAddress> out;
    ifaddrs* list = nullptr;
    if (getifaddrs(&list) != 0) return out;
    for (ifaddrs* i = list; i != nullptr; i = i->ifa_next) {
        if (i->ifa_addr == nullptr) continue;
        sockaddr_storage s{};
        const std::size_t len = i->ifa_addr->sa_family == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
        if (i->ifa_addr->sa_family != AF_INET && i->ifa_addr->sa_family != AF_INET6) continue;
        std::copy_n(reinterpret_cast<const std::uint8_t*>(i->ifa_addr), len, reinterpret_cast<std::uint8_t*>(&s));
        proto::TransportAddress a;
        if (!from_sockaddr(s, a)) continue;
        const bool loopback = (a.family == proto::AddressFamily::IPv4 && a.ip[0] == 127) ||
                              (a.family == proto::AddressFamily::IPv6 && a.ip[15] == 1 &&
                               std::all_of(a.ip.begin(), a.ip.begin() + 15, [](std::uint8_t b) { return b == 0; }));
        const bool link_local = a.family == proto::AddressFamily::IPv6 && a.ip[0] == 0xFE && (a.ip[1] & 0xC0) == 0x80;
        if (!loopback && !link_local) out.push_back(a);
    }
    freeifaddrs(list);
    return out;
}

// external-ip: "public/private" maps one relay IP; a lone "public" maps every
// relay IP of its family (the single-NAT case).
proto::TransportAddress advertised_for(const config::Config& c, const proto::TransportAddress& local) {
    for (const auto& e : c.external_ips) {
        const auto pub = to_transport(e.public_ip, 0);
        if (e.private_ip ? to_transport(*e.private_ip, 0).ip == local.ip && pub.family == local.family
                         : pub.family == local.family)
            return pub;
    }
    return local;
}

}  // namespace

bool is_wildcard(const proto::TransportAddress& a) {
    return std::all_of(a.ip.begin(), a.ip.end(), [](std::uint8_t b) { return b == 0; });
}

proto::TransportAddress to_transport(const config::IpAddress& ip, std::uint16_t port) {
    proto::TransportAddress a;
    a.family = ip.family == config::IpFamily::V4 ? proto::AddressFamily::IPv4 : proto::AddressFamily::IPv6;
    a.ip = ip.bytes;
    a.port = port;
    return a;
}

std::vector<proto::TransportAddress> listening_addresses(const config::Config& c) {
    std::vector<proto::TransportAddress> out;
    for (const auto& ip : c.listening_ips) out.push_back(to_transport(ip, c.listening_port));
    if (out.empty()) {
        out.push_back(*proto::TransportAddress::parse("0.0.0.0", c.listening_port));
        out.push_back(*proto::TransportAddress::parse("::", c.listening_port));
    }
    return out;
}

namespace {

// The listening IPs that name one address (wildcards do not).
std::vector<proto::TransportAddress> concrete_listening_ips(const config::Config& c) {
    std::vector<proto::TransportAddress> out;
    for (const auto& ip : c.listening_ips) {
        const auto a = to_transport(ip, 0);
        if (!is_wildcard(a) && std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
    }
    return out;
}

std::uint16_t alternate_of(std::uint16_t configured, std::uint16_t main, bool rfc5780) {
    if (configured != 0 || !rfc5780 || main == UINT16_MAX) return configured;
    return static_cast<std::uint16_t>(main + 1);
}

}  // namespace

bool rfc5780_enabled(const config::Config& c) {
    if (c.no_rfc5780 || !c.external_ips.empty()) return false;
    const auto ips = concrete_listening_ips(c);
    const auto v4 = std::count_if(ips.begin(), ips.end(),
                                  [](const proto::TransportAddress& a) { return a.family == proto::AddressFamily::IPv4; });
    const auto v6 = static_cast<std::ptrdiff_t>(ips.size()) - v4;
    return v4 >= 2 || v6 >= 2;
}

std::uint16_t alt_listening_port(const config::Config& c) {
    return alternate_of(c.alt_listening_port, c.listening_port, rfc5780_enabled(c));
}

std::uint16_t alt_tls_listening_port(const config::Config& c) {
    return alternate_of(c.alt_tls_listening_port, c.tls_listening_port, rfc5780_enabled(c));
}

relay::NatDiscoveryConfig nat_discovery(const config::Config& c) {
    relay::NatDiscoveryConfig d;
    if (!rfc5780_enabled(c)) return d;
    d.ips = concrete_listening_ips(c);
    d.ports.push_back({c.listening_port, alt_listening_port(c)});
    if (config::tls_enabled(c) || config::dtls_enabled(c))
        d.ports.push_back({c.tls_listening_port, alt_tls_listening_port(c)});
    return d;
}

Result<std::vector<relay::RelayAddress>, std::string> relay_addresses(const config::Config& c) {
    std::vector<proto::TransportAddress> locals;
    for (const auto& ip : c.relay_ips) locals.push_back(to_transport(ip, 0));
    if (locals.empty())
        for (const auto& ip : c.listening_ips)
            if (!is_wildcard(to_transport(ip, 0))) locals.push_back(to_transport(ip, 0));
    if (locals.empty()) locals = interface_addresses();
    if (locals.empty()) locals.push_back(*proto::TransportAddress::parse("127.0.0.1", 0));
    if (locals.size() > relay::kMaxRelayAddresses)
        return unexpected("more than " + std::to_string(relay::kMaxRelayAddresses) + " relay addresses");

    std::vector<relay::RelayAddress> out;
    for (const auto& local : locals) {
        // Binding port 0 proves the address is this machine's before any client is told it.
        if (auto probe = open_udp(local, {}); !probe)
            return unexpected("relay-ip " + local.ip_string() + " is not usable: " + probe.error().what);
        out.push_back({local, advertised_for(c, local)});
    }
    return out;
}

}  // namespace turn::server
