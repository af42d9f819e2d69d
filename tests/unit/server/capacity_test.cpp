// The start-up capacity line (server/capacity.hpp): allocations at once are
// the least of what descriptors, relay ports and total-quota allow, and a
// descriptor limit below the ports is called out with the number to set.
#include <catch2/catch.hpp>

#include "server/capacity.hpp"

using namespace turn;
using namespace turn::server;

namespace {

relay::RelayAddress relay_ip(const char* ip) {
    const auto a = *proto::TransportAddress::parse(ip, 0);
    return {a, a};
}

RelayPorts ipv4_ports(std::uint64_t n) {
    RelayPorts p;
    p.ipv4 = n;
    p.ipv4_addresses = 1;
    return p;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("relay ports: each relay IP has the whole min-port..max-port range, counted per family") {
    const auto p = relay_ports({relay_ip("127.0.0.2"), relay_ip("127.0.0.3"), relay_ip("::1")}, 49152, 65535);
    CHECK(p.ipv4 == 2 * 16384);
    CHECK(p.ipv6 == 16384);
    CHECK(p.ipv4_addresses == 2);
    CHECK(p.ipv6_addresses == 1);
    CHECK(p.total() == 3 * 16384);
}

TEST_CASE("relay ports: a range of one port counts one") {
    CHECK(relay_ports({relay_ip("127.0.0.1")}, 50000, 50000).total() == 1);
}

TEST_CASE("two relay IPs with the widest range allow more than 64k allocations when descriptors do") {
    const CapacityInputs in{1048576, 100, relay_ports({relay_ip("127.0.0.2"), relay_ip("127.0.0.3")}, 1024, 65535), 0};
    const Capacity c = allocation_capacity(in);
    CHECK(c.allocations == 2 * 64512);
    CHECK(c.allocations > 65535);
    CHECK(c.limited_by == CapacityLimit::RelayPorts);
    CHECK_FALSE(descriptor_warning(in, c));
}

TEST_CASE("the descriptor limit, less what the server holds, caps allocations and is warned about") {
    const CapacityInputs in{20000, 85, ipv4_ports(32000), 0};
    const Capacity c = allocation_capacity(in);
    CHECK(c.by_descriptors == 19915);
    CHECK(c.allocations == 19915);
    CHECK(c.limited_by == CapacityLimit::Descriptors);
    const auto warning = descriptor_warning(in, c);
    REQUIRE(warning);
    CHECK(contains(*warning, "RLIMIT_NOFILE 20000"));
    CHECK(contains(*warning, "at least 32085"));  // every port, plus what the server holds
    CHECK(contains(describe_capacity(in, c), "capacity: 19915 allocations at once, limited by descriptors"));
}

TEST_CASE("total-quota below the other limits binds, and descriptors below the ports but above the quota are no problem") {
    const CapacityInputs in{5000, 64, ipv4_ports(16384), 1000};
    const Capacity c = allocation_capacity(in);
    CHECK(c.allocations == 1000);
    CHECK(c.limited_by == CapacityLimit::Quota);
    CHECK_FALSE(descriptor_warning(in, c));
    CHECK(contains(describe_capacity(in, c), "total-quota 1000"));
}

TEST_CASE("descriptors below a total-quota that is below the ports: the warning asks for the quota's worth") {
    const CapacityInputs in{1024, 64, ipv4_ports(16384), 4000};
    const Capacity c = allocation_capacity(in);
    CHECK(c.allocations == 960);
    const auto warning = descriptor_warning(in, c);
    REQUIRE(warning);
    CHECK(contains(*warning, "at least 4064"));
}

TEST_CASE("a server that already holds more descriptors than its limit has room for no allocation") {
    const CapacityInputs in{50, 64, ipv4_ports(100), 0};
    const Capacity c = allocation_capacity(in);
    CHECK(c.by_descriptors == 0);
    CHECK(c.allocations == 0);
    CHECK(c.limited_by == CapacityLimit::Descriptors);
}

TEST_CASE("the capacity line names every limit: descriptors, ports per family, and total-quota none") {
    RelayPorts ports = relay_ports({relay_ip("127.0.0.2"), relay_ip("::1")}, 50000, 50099);
    const CapacityInputs in{65536, 64, ports, 0};
    const std::string line = describe_capacity(in, allocation_capacity(in));
    CHECK(contains(line, "capacity: 200 allocations at once, limited by relay ports"));
    CHECK(contains(line, "65472 = RLIMIT_NOFILE 65536 - 64"));
    CHECK(contains(line, "100 IPv4 on 1 address, 100 IPv6 on 1 address"));
    CHECK(contains(line, "total-quota none"));
}
