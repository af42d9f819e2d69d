// Several relay IPs of one family (relay-ip given more than once): each has
// the whole port range to itself, allocations take the addresses in turn,
// and an address with no port left passes the request on, so the server's
// ceiling is the sum of the ranges (past the 64k ports of one address).
#include <catch2/catch.hpp>

#include <map>
#include <string>

#include "relay_harness.hpp"

using namespace turn::proto;
using namespace turn::relay;
using namespace turn::relay::test;

namespace {

// Two IPv4 relay IPs with ten ports each (the harness range 50000-50009).
HarnessOptions two_relay_ips() {
    HarnessOptions o;
    o.relay_ips = {{"127.0.0.2", "127.0.0.2"}, {"127.0.0.3", "127.0.0.3"}};
    return o;
}

// An Allocate from a new client 5-tuple; true on success.
bool allocate_from(Harness& h, std::uint16_t client_port) {
    h.move_to(client_port);
    return h.allocate();
}

std::map<std::string, int> sockets_per_relay_ip(const Harness& h) {
    std::map<std::string, int> out;
    for (const auto& local : h.transport.bound) ++out[local.ip_string()];
    return out;
}

}  // namespace

TEST_CASE("allocations alternate between the relay IPs of their family") {
    Harness h(two_relay_ips());
    for (std::uint16_t i = 0; i < 6; ++i) REQUIRE(allocate_from(h, static_cast<std::uint16_t>(40000 + i)));
    REQUIRE(h.transport.bound.size() == 6);
    for (std::size_t i = 0; i + 1 < h.transport.bound.size(); ++i)
        CHECK(h.transport.bound[i].ip_string() != h.transport.bound[i + 1].ip_string());
}

TEST_CASE("two relay IPs hold twice the port range: every port of both is used before 508") {
    Harness h(two_relay_ips());
    for (std::uint16_t i = 0; i < 20; ++i) REQUIRE(allocate_from(h, static_cast<std::uint16_t>(40000 + i)));
    const auto per_ip = sockets_per_relay_ip(h);
    CHECK(per_ip.at("127.0.0.2") == 10);
    CHECK(per_ip.at("127.0.0.3") == 10);
    // RFC 8656 §7.2: no relayed address left to give -> 508 Insufficient Capacity.
    CHECK_FALSE(allocate_from(h, 40020));
    CHECK(h.last_error() == 508);
}

TEST_CASE("a relay IP whose ports are all taken passes the Allocate to the next one") {
    Harness h(two_relay_ips());
    // Another thread (or program) holds every port of the first relay IP.
    PortPool& first = *h.shared->pools[0];
    while (first.acquire(false, false, h.clock.now())) {
    }
    for (std::uint16_t i = 0; i < 10; ++i) REQUIRE(allocate_from(h, static_cast<std::uint16_t>(40000 + i)));
    CHECK(sockets_per_relay_ip(h) == std::map<std::string, int>{{"127.0.0.3", 10}});
    CHECK_FALSE(allocate_from(h, 40010));
    CHECK(h.last_error() == 508);
}

TEST_CASE("a relay socket refused for want of descriptors gives 508 and is counted for the warning") {
    Harness h(two_relay_ips());
    h.transport.fail_with = OpenError::NoDescriptors;
    CHECK_FALSE(allocate_from(h, 40000));
    CHECK(h.last_error() == 508);
    // Both relay IPs were tried: each refusal is one socket not opened.
    CHECK(h.core->counters().relay_sockets_no_descriptors == 2);
    CHECK(h.shared->pools[0]->free_ports() == 10);  // the ports went back
    CHECK(h.shared->pools[1]->free_ports() == 10);
    h.transport.fail_with.reset();
    CHECK(allocate_from(h, 40001));
}
