#include <catch2/catch.hpp>

#include "protocol/transport_address.hpp"

using namespace turn::proto;

TEST_CASE("transport addresses parse and print IPv4 and IPv6 literals") {
    auto a = TransportAddress::parse("192.0.2.1", 3478);
    REQUIRE(a);
    CHECK(a->family == AddressFamily::IPv4);
    CHECK(a->to_string() == "192.0.2.1:3478");
    auto b = TransportAddress::parse("2001:db8::1", 5349);
    REQUIRE(b);
    CHECK(b->family == AddressFamily::IPv6);
    CHECK(b->to_string() == "[2001:db8::1]:5349");
    CHECK(b->ip_size() == 16);
}

TEST_CASE("non-literals and oversized strings are not addresses") {
    for (const char* bad : {"", "localhost", "1.2.3", "1.2.3.4.5", "::g", "[::1]", "1.2.3.4 ",
                            "aaaa:aaaa:aaaa:aaaa:aaaa:aaaa:aaaa:aaaa:aaaa:aaaa:aaaa"}) {
        INFO(bad);
        CHECK_FALSE(TransportAddress::parse(bad, 1));
    }
}
