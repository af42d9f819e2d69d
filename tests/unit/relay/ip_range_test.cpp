#include <catch2/catch.hpp>

#include "relay/ip_range.hpp"
#include "relay_harness.hpp"

using namespace turn::relay;
using turn::relay::test::addr;

TEST_CASE("CIDR prefixes that are not byte-aligned cover exactly their range") {
    const auto r = IpRange::cidr("fe80::/10");
    REQUIRE(r);
    CHECK(r->contains(addr("fe80::1", 0)));
    CHECK(r->contains(addr("febf:ffff::1", 0)));
    CHECK_FALSE(r->contains(addr("fec0::1", 0)));
    CHECK_FALSE(r->contains(addr("127.0.0.1", 0)));
    const auto c = IpRange::cidr("100.64.0.0/10");
    REQUIRE(c);
    CHECK(c->contains(addr("100.127.255.255", 0)));
    CHECK_FALSE(c->contains(addr("100.128.0.0", 0)));
}

TEST_CASE("coturn-style ranges: one address or first-last of one family") {
    CHECK(IpRange::parse("10.0.0.5")->contains(addr("10.0.0.5", 0)));
    CHECK_FALSE(IpRange::parse("10.0.0.5")->contains(addr("10.0.0.6", 0)));
    const auto r = IpRange::parse("2001:db8::10-2001:db8::20");
    REQUIRE(r);
    CHECK(r->contains(addr("2001:db8::1a", 0)));
    CHECK_FALSE(r->contains(addr("2001:db8::21", 0)));
    for (const char* bad : {"", "x", "10.0.0.9-10.0.0.1", "10.0.0.1-::1", "1.2.3.4/33", "::/129", "1.2.3.4/x"}) {
        INFO(bad);
        CHECK_FALSE(IpRange::parse(bad));
        CHECK_FALSE(IpRange::cidr(bad));
    }
}

TEST_CASE("IPv4-mapped IPv6 addresses are judged as the IPv4 address they carry") {
    CHECK(unmap_ipv4(addr("::ffff:127.0.0.1", 9)) == addr("127.0.0.1", 9));
    CHECK(unmap_ipv4(addr("2001:db8::1", 9)) == addr("2001:db8::1", 9));
}

TEST_CASE("IPv4 addresses map to ::ffff:a.b.c.d, other addresses stay as they are") {
    CHECK(map_ipv4(addr("127.0.0.1", 9)) == addr("::ffff:127.0.0.1", 9));
    CHECK(map_ipv4(addr("2001:db8::1", 9)) == addr("2001:db8::1", 9));
    CHECK(unmap_ipv4(map_ipv4(addr("198.51.100.7", 9))) == addr("198.51.100.7", 9));
}

TEST_CASE("NAT64 (64:ff9b::/96) and 6to4 (2002::/16) addresses carry the IPv4 address a translator delivers to") {
    CHECK(translated_ipv4(addr("64:ff9b::a00:1", 9)) == addr("10.0.0.1", 9));
    CHECK(translated_ipv4(addr("2002:a00:1::5", 9)) == addr("10.0.0.1", 9));
    CHECK_FALSE(translated_ipv4(addr("64:ff9b:1::a00:1", 9)));  // the local-use prefix is not the well-known one
    CHECK_FALSE(translated_ipv4(addr("2003::1", 9)));
    CHECK_FALSE(translated_ipv4(addr("10.0.0.1", 9)));
}
