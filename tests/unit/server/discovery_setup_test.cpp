// When the daemon turns RFC 5780 on (coturn's rule), which ports pair up,
// and which alternate-server lists it keeps.
#include <catch2/catch.hpp>

#include "server/addresses.hpp"
#include "server/alternates.hpp"
#include "server/config/value_parsers.hpp"

using namespace turn;
using namespace turn::server;

namespace {

config::Config listening_on(std::initializer_list<const char*> ips) {
    config::Config c;
    c.listening_port = 3478;
    c.tls_listening_port = 5349;
    for (const char* ip : ips) c.listening_ips.push_back(config::parse_ip(ip).value());
    return c;
}

config::Endpoint endpoint(const char* text) { return config::parse_endpoint(text, 3478).value(); }

}  // namespace

TEST_CASE("RFC 5780 is on with two listening IPs of one family, and then the alternate port defaults to +1") {
    const auto two = listening_on({"192.0.2.1", "192.0.2.2"});
    CHECK(rfc5780_enabled(two));
    CHECK(alt_listening_port(two) == 3479);
    const auto d = nat_discovery(two);
    REQUIRE(d.ips.size() == 2);
    REQUIRE(d.ports.size() == 1);  // no TLS here: the TLS ports do not pair
    CHECK(d.ports[0].primary == 3478);
    CHECK(d.ports[0].alternate == 3479);
}

TEST_CASE("RFC 5780 stays off with one IP per family, a wildcard, external-ip or no-rfc5780") {
    CHECK_FALSE(rfc5780_enabled(listening_on({"192.0.2.1"})));
    CHECK_FALSE(rfc5780_enabled(listening_on({"192.0.2.1", "2001:db8::1"})));
    CHECK_FALSE(rfc5780_enabled(listening_on({"192.0.2.1", "0.0.0.0"})));
    CHECK_FALSE(rfc5780_enabled(listening_on({"192.0.2.1", "192.0.2.1"})));
    auto natted = listening_on({"192.0.2.1", "192.0.2.2"});
    natted.external_ips.push_back(config::parse_external_ip("203.0.113.1").value());
    CHECK_FALSE(rfc5780_enabled(natted));
    auto refused = listening_on({"192.0.2.1", "192.0.2.2"});
    refused.no_rfc5780 = true;
    CHECK_FALSE(rfc5780_enabled(refused));
    CHECK_FALSE(nat_discovery(refused).enabled());
    // Without RFC 5780 an alternate port is opened only when given.
    CHECK(alt_listening_port(refused) == 0);
    refused.alt_listening_port = 4000;
    CHECK(alt_listening_port(refused) == 4000);
}

TEST_CASE("alternate-server lists become relay addresses, unless one names this server") {
    auto c = listening_on({"127.0.0.1"});
    c.alternate_servers = {endpoint("192.0.2.7:3478"), endpoint("[2001:db8::7]:3479")};
    c.tls_alternate_servers = {endpoint("127.0.0.1:5349")};  // our own TLS port
    const auto setup = alternates_setup(c);
    CHECK(setup.config.servers.size() == 2);
    CHECK(setup.config.servers[1].port == 3479);
    CHECK(setup.config.tls_servers.empty());
    REQUIRE(setup.notices.size() == 2);
    CHECK(setup.notices[1] == "tls-alternate-server 127.0.0.1:5349 is this server: no redirects with "
                              "tls-alternate-server (as coturn: no loop)");
}
