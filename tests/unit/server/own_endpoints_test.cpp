// The endpoints the relay must never send to: the server's own listeners
// (server/own_endpoints.hpp).
#include <catch2/catch.hpp>

#include <algorithm>

#include "config_test_support.hpp"
#include "server/own_endpoints.hpp"

using namespace turn;
using turn::config::testing::from_conf;

namespace {

relay::OwnEndpoints own_of(std::string_view conf) {
    const auto loaded = from_conf(conf);
    REQUIRE(loaded.diagnostics.empty());
    return server::own_endpoints(loaded.config);
}

proto::TransportAddress at(const char* ip, std::uint16_t port) { return *proto::TransportAddress::parse(ip, port); }

}  // namespace

TEST_CASE("every listening port counts: TURN, TLS, alternates and turnsignal's") {
    const auto own = own_of("listening-ip=192.0.2.5\nlistening-port=3478\ntls-listening-port=5349\n"
                            "alt-listening-port=3479\nalt-tls-listening-port=5350\n"
                            "signaling-listening-port=8080\nsignaling-tls-listening-port=8443\n");
    for (std::uint16_t port : {3478, 5349, 3479, 5350, 8080, 8443}) {
        INFO(port);
        CHECK(own.contains(at("192.0.2.5", port)));
    }
    CHECK_FALSE(own.contains(at("192.0.2.5", 49152)));
    CHECK_FALSE(own.contains(at("192.0.2.6", 3478)));
}

TEST_CASE("a specific listening-ip, turnsignal's address and external-ip's public address are ours") {
    const auto own = own_of("listening-ip=192.0.2.5\nexternal-ip=203.0.113.9/192.0.2.5\n"
                            "signaling-listening-ip=127.0.0.1\n");
    CHECK(own.contains(at("192.0.2.5", 3478)));
    CHECK(own.contains(at("203.0.113.9", 3478)));
    CHECK(own.contains(at("127.0.0.1", 8080)));
    CHECK_FALSE(own.contains(at("127.0.0.2", 3478)));  // the listener is on 192.0.2.5 only
}

TEST_CASE("wildcard listeners make all of loopback and every local address ours") {
    const auto own = own_of("listening-port=3478\n");
    for (const char* ip : {"0.0.0.0", "127.0.0.1", "127.3.2.1", "::", "::1"}) {
        INFO(ip);
        CHECK(own.contains(at(ip, 3478)));
    }
}

TEST_CASE("aux-server endpoints and the RFC 5780 alternate port are ours") {
    const auto own = own_of("listening-ip=192.0.2.5\nlistening-ip=192.0.2.6\nlistening-port=3478\n"
                            "aux-server=192.0.2.7:4000\n");
    CHECK(own.contains(at("192.0.2.7", 4000)));
    CHECK(own.contains(at("192.0.2.6", 3479)));  // RFC 5780 on (two IPs): the alternate port is 3478 + 1
}

TEST_CASE("the metrics endpoint and the admin port are ours when they are on") {
    const auto own = own_of("listening-ip=192.0.2.5\nprometheus\nprometheus-port=9641\nadmin-port=5766\n");
    CHECK(own.contains(at("127.0.0.1", 9641)));
    CHECK(own.contains(at("127.0.0.1", 5766)));
    const auto off = own_of("listening-ip=192.0.2.5\n");
    CHECK_FALSE(off.contains(at("127.0.0.1", 9641)));
}
