#include "server/alternates.hpp"

#include <algorithm>

#include "server/addresses.hpp"
#include "server/config/value_parsers.hpp"
#include "server/udp_socket.hpp"

namespace turn::server {
namespace {

// Whether this machine has the address: a UDP socket binds to it.
bool is_local(const proto::TransportAddress& a) {
    proto::TransportAddress any_port = a;
    any_port.port = 0;
    return static_cast<bool>(open_udp(any_port, {}));
}

bool listens_on_ip(const config::Config& c, const proto::TransportAddress& a) {
    const auto addresses = listening_addresses(c);
    return std::any_of(addresses.begin(), addresses.end(), [&](const proto::TransportAddress& l) {
        return l.family == a.family && (l.ip == a.ip || (is_wildcard(l) && is_local(a)));
    });
}

bool is_own_endpoint(const config::Config& c, const config::Endpoint& e) {
    const auto a = to_transport(e.ip, e.port);
    const std::uint16_t ports[] = {c.listening_port, alt_listening_port(c), c.tls_listening_port,
                                   alt_tls_listening_port(c)};
    const bool own_port = std::find(std::begin(ports), std::end(ports), e.port) != std::end(ports);
    const bool aux = std::find(c.aux_servers.begin(), c.aux_servers.end(), e) != c.aux_servers.end();
    return aux || (own_port && listens_on_ip(c, a));
}

// The list as relay addresses, or empty (with a notice) when it names us.
std::vector<proto::TransportAddress> usable(const config::Config& c, const std::vector<config::Endpoint>& list,
                                            const std::string& option, std::vector<std::string>& notices) {
    std::vector<proto::TransportAddress> out;
    for (const auto& e : list) {
        if (is_own_endpoint(c, e)) {
            notices.push_back(option + " " + config::format_endpoint(e) +
                              " is this server: no redirects with " + option + " (as coturn: no loop)");
            return {};
        }
        out.push_back(to_transport(e.ip, e.port));
    }
    if (!out.empty())
        notices.push_back(option + ": Allocate requests redirected (300) round-robin to " +
                          std::to_string(out.size()) + " servers");
    return out;
}

}  // namespace

AlternatesSetup alternates_setup(const config::Config& c) {
    AlternatesSetup setup;
    setup.config.servers = usable(c, c.alternate_servers, "alternate-server", setup.notices);
    setup.config.tls_servers = usable(c, c.tls_alternate_servers, "tls-alternate-server", setup.notices);
    setup.config.tls_domain = c.tls_alternate_domain;
    return setup;
}

}  // namespace turn::server
