#include "server/own_endpoints.hpp"

#include <algorithm>

#include "server/addresses.hpp"

namespace turn::server {
namespace {

relay::IpRange exactly(const proto::TransportAddress& a) { return {a.family, a.ip, a.ip}; }

void add_ip(relay::OwnEndpoints& own, const proto::TransportAddress& a) { own.ips.push_back(exactly(a)); }

// A wildcard listener answers on every local address of its family,
// including loopback addresses no interface lists (127.0.0.2 reaches 0.0.0.0).
void add_wildcard(relay::OwnEndpoints& own, const proto::TransportAddress& wildcard) {
    add_ip(own, wildcard);
    const bool v4 = wildcard.family == proto::AddressFamily::IPv4;
    own.ips.push_back(*relay::IpRange::cidr(v4 ? "127.0.0.0/8" : "::1/128"));
    for (const auto& a : local_addresses())
        if (a.family == wildcard.family) add_ip(own, a);
}

void add_port(relay::OwnEndpoints& own, std::uint16_t port) {
    if (port != 0 && std::find(own.ports.begin(), own.ports.end(), port) == own.ports.end()) own.ports.push_back(port);
}

void add_listening_ip(relay::OwnEndpoints& own, const proto::TransportAddress& a) {
    if (is_wildcard(a))
        add_wildcard(own, a);
    else
        add_ip(own, a);
}

}  // namespace

relay::OwnEndpoints own_endpoints(const config::Config& c) {
    relay::OwnEndpoints own;
    for (const std::uint16_t port : {c.listening_port, c.tls_listening_port, alt_listening_port(c),
                                     alt_tls_listening_port(c), c.signaling_listening_port,
                                     c.signaling_tls_listening_port})
        add_port(own, port);
    for (const auto& a : listening_addresses(c)) add_listening_ip(own, a);
    // aux-server endpoints join both sets: a superset of the pairs really
    // listened on, all of them the server's own addresses anyway.
    for (const auto& aux : c.aux_servers) {
        add_port(own, aux.port);
        add_listening_ip(own, to_transport(aux.ip, 0));
    }
    add_ip(own, to_transport(c.signaling_listening_ip, 0));
    // The metrics endpoint and the admin port (on 127.0.0.1): a client must
    // not reach them through the relay when loopback peers are allowed.
    if (c.prometheus) {
        add_port(own, c.prometheus_port);
        add_listening_ip(own, to_transport(c.prometheus_address, 0));
    }
    if (c.admin_port != 0) {
        add_port(own, c.admin_port);
        add_ip(own, *proto::TransportAddress::parse("127.0.0.1", 0));
    }
    for (const auto& e : c.external_ips) add_ip(own, to_transport(e.public_ip, 0));
    return own;
}

}  // namespace turn::server
