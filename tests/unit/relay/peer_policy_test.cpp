// Safe by default: which peers the relay refuses (DESIGN.md, RFC 8656 §9.1).
#include <catch2/catch.hpp>

#include "relay/peer_policy.hpp"
#include "relay_harness.hpp"

using namespace turn::relay;
using turn::relay::test::addr;

namespace {

struct Case {
    const char* ip;
    PeerVerdict verdict;
};

void check_verdicts(const PeerPolicy& p, std::initializer_list<Case> cases) {
    for (const auto& c : cases) {
        INFO(c.ip);
        CHECK(p.check(addr(c.ip, 3478)) == c.verdict);
    }
}

}  // namespace

TEST_CASE("special-purpose peers are refused by default, in both IPv4 and IPv6 forms") {
    check_verdicts(PeerPolicy({}), {
        {"127.0.0.1", PeerVerdict::Loopback},          {"127.255.0.9", PeerVerdict::Loopback},
        {"::1", PeerVerdict::Loopback},                {"::ffff:127.0.0.1", PeerVerdict::Loopback},
        {"0.0.0.0", PeerVerdict::Unspecified},         {"::", PeerVerdict::Unspecified},
        {"::ffff:0.0.0.0", PeerVerdict::Unspecified},  {"224.0.0.1", PeerVerdict::Multicast},
        {"ff02::1", PeerVerdict::Multicast},           {"255.255.255.255", PeerVerdict::Multicast},
        {"169.254.169.254", PeerVerdict::LinkLocal},   {"fe80::1", PeerVerdict::LinkLocal},
        {"febf::1", PeerVerdict::LinkLocal},           {"10.1.2.3", PeerVerdict::Private},
        {"172.31.0.1", PeerVerdict::Private},          {"192.168.1.1", PeerVerdict::Private},
        {"100.64.0.1", PeerVerdict::Private},          {"fd00::1", PeerVerdict::Private},
        {"::ffff:10.0.0.1", PeerVerdict::Private},     {"240.0.0.1", PeerVerdict::Reserved},
        {"198.51.100.7", PeerVerdict::Allowed},        {"2001:db8::7", PeerVerdict::Allowed},
        {"172.32.0.1", PeerVerdict::Allowed},          {"fec0::1", PeerVerdict::Allowed},
    });
}

TEST_CASE("allow-loopback-peers allows loopback and nothing else") {
    PeerPolicyConfig c;
    c.allow_loopback = true;
    const PeerPolicy p(c);
    CHECK(p.check(addr("127.0.0.1", 1)) == PeerVerdict::Allowed);
    CHECK(p.check(addr("::ffff:127.0.0.1", 1)) == PeerVerdict::Allowed);
    CHECK(p.check(addr("10.0.0.1", 1)) == PeerVerdict::Private);
}

TEST_CASE("allowed-peer-ip overrides everything, denied-peer-ip refuses public peers too") {
    PeerPolicyConfig c;
    c.allowed.push_back(*IpRange::parse("10.0.0.0-10.0.0.255"));
    c.denied.push_back(*IpRange::parse("198.51.100.0-198.51.100.255"));
    c.denied.push_back(*IpRange::cidr("2001:db8::/33"));  // not byte-aligned
    const PeerPolicy p(c);
    CHECK(p.check(addr("10.0.0.7", 1)) == PeerVerdict::Allowed);
    CHECK(p.check(addr("10.0.1.7", 1)) == PeerVerdict::Private);
    CHECK(p.check(addr("198.51.100.9", 1)) == PeerVerdict::DeniedByConfig);
    CHECK(p.check(addr("::ffff:198.51.100.9", 1)) == PeerVerdict::DeniedByConfig);
    CHECK(p.check(addr("2001:db8:7fff::1", 1)) == PeerVerdict::DeniedByConfig);
    CHECK(p.check(addr("2001:db8:8000::1", 1)) == PeerVerdict::Allowed);
}

TEST_CASE("the IPv4-mapped form of every refused IPv4 range gets the IPv4 verdict") {
    const PeerPolicy p({});
    for (const char* v4 : {"127.0.0.1", "0.0.0.0", "10.0.0.1", "172.16.0.1", "192.168.0.1", "100.64.0.1",
                           "169.254.169.254", "224.0.0.1", "239.255.255.255", "255.255.255.255", "240.0.0.1",
                           "198.51.100.7"}) {
        INFO(v4);
        const auto plain = addr(v4, 1);
        CHECK(p.check(map_ipv4(plain)) == p.check(plain));
    }
}

TEST_CASE("IPv6 special-purpose blocks are refused up to their exact boundaries") {
    check_verdicts(PeerPolicy({}), {
        {"::", PeerVerdict::Unspecified},
        {"::1", PeerVerdict::Loopback},
        {"::2", PeerVerdict::Reserved},  // ::/96, IPv4-compatible
        {"100::1", PeerVerdict::Reserved},  // RFC 6666 discard-only
        {"100:0:0:1::", PeerVerdict::Allowed},
        {"fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", PeerVerdict::Allowed},
        {"fc00::", PeerVerdict::Private},
        {"fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", PeerVerdict::Private},
        {"fe00::", PeerVerdict::Allowed},
        {"fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff", PeerVerdict::Allowed},
        {"fe80::", PeerVerdict::LinkLocal},
        {"febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff", PeerVerdict::LinkLocal},
        {"feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", PeerVerdict::Allowed},
        {"ff00::", PeerVerdict::Multicast},
        {"ff02::1:2", PeerVerdict::Multicast},
        {"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", PeerVerdict::Multicast},
    });
}

TEST_CASE("NAT64 and 6to4 addresses are judged as the IPv4 address a translator delivers them to") {
    PeerPolicyConfig c;
    c.denied.push_back(*IpRange::parse("203.0.113.0-203.0.113.255"));
    const PeerPolicy p(c);
    CHECK(p.check(addr("64:ff9b::a00:1", 1)) == PeerVerdict::Private);         // 10.0.0.1
    CHECK(p.check(addr("64:ff9b::7f00:1", 1)) == PeerVerdict::Loopback);       // 127.0.0.1
    CHECK(p.check(addr("64:ff9b::a9fe:a9fe", 1)) == PeerVerdict::LinkLocal);   // 169.254.169.254
    CHECK(p.check(addr("64:ff9b::cb00:7107", 1)) == PeerVerdict::DeniedByConfig);  // 203.0.113.7
    CHECK(p.check(addr("64:ff9b::c633:6407", 1)) == PeerVerdict::Allowed);     // 198.51.100.7
    CHECK(p.check(addr("2002:c0a8:101::1", 1)) == PeerVerdict::Private);       // 192.168.1.1
    CHECK(p.check(addr("2002:c633:6407::1", 1)) == PeerVerdict::Allowed);
}

TEST_CASE("IPv6 peer ranges hold exactly between boundaries that are not byte aligned") {
    PeerPolicyConfig c;
    c.denied.push_back(*IpRange::parse("2001:db8::8-2001:db8::1:7"));
    c.allowed.push_back(*IpRange::parse("fd00::8-fd00::f"));
    const PeerPolicy p(c);
    CHECK(p.check(addr("2001:db8::7", 1)) == PeerVerdict::Allowed);
    CHECK(p.check(addr("2001:db8::8", 1)) == PeerVerdict::DeniedByConfig);
    CHECK(p.check(addr("2001:db8::1:7", 1)) == PeerVerdict::DeniedByConfig);
    CHECK(p.check(addr("2001:db8::1:8", 1)) == PeerVerdict::Allowed);
    CHECK(p.check(addr("fd00::7", 1)) == PeerVerdict::Private);
    CHECK(p.check(addr("fd00::8", 1)) == PeerVerdict::Allowed);
    CHECK(p.check(addr("fd00::f", 1)) == PeerVerdict::Allowed);
    CHECK(p.check(addr("fd00::10", 1)) == PeerVerdict::Private);
}

TEST_CASE("a range written in IPv4-mapped form applies to the IPv4 address, and the other way round") {
    PeerPolicyConfig c;
    c.denied.push_back(*IpRange::parse("::ffff:198.51.100.0-::ffff:198.51.100.255"));
    c.allowed.push_back(*IpRange::parse("10.0.0.0-10.0.0.255"));
    const PeerPolicy p(c);
    CHECK(p.check(addr("198.51.100.7", 1)) == PeerVerdict::DeniedByConfig);
    CHECK(p.check(addr("::ffff:198.51.100.7", 1)) == PeerVerdict::DeniedByConfig);
    CHECK(p.check(addr("::ffff:10.0.0.7", 1)) == PeerVerdict::Allowed);
    CHECK(p.check(addr("64:ff9b::a00:7", 1)) == PeerVerdict::Allowed);  // allowed-peer-ip overrides all
}

TEST_CASE("the user database's IPv6 ranges count like allowed-peer-ip and denied-peer-ip") {
    const PeerPolicy p({});
    const std::vector<IpRange> allowed = {*IpRange::parse("fd12::1-fd12::ff")};
    const std::vector<IpRange> denied = {*IpRange::cidr("2001:db8:8000::/33")};
    CHECK(p.check(addr("fd12::80", 1), &allowed, &denied) == PeerVerdict::Allowed);
    CHECK(p.check(addr("fd12::100", 1), &allowed, &denied) == PeerVerdict::Private);
    CHECK(p.check(addr("2001:db8:8000::1", 1), &allowed, &denied) == PeerVerdict::DeniedByConfig);
    CHECK(p.check(addr("2001:db8:7fff::1", 1), &allowed, &denied) == PeerVerdict::Allowed);
}

TEST_CASE("allow-loopback-peers allows ::1 and no other IPv6 special block") {
    PeerPolicyConfig c;
    c.allow_loopback = true;
    const PeerPolicy p(c);
    CHECK(p.check(addr("::1", 1)) == PeerVerdict::Allowed);
    CHECK(p.check(addr("::", 1)) == PeerVerdict::Unspecified);
    CHECK(p.check(addr("fe80::1", 1)) == PeerVerdict::LinkLocal);
    CHECK(p.check(addr("ff02::1", 1)) == PeerVerdict::Multicast);
    CHECK(p.check(addr("fd00::1", 1)) == PeerVerdict::Private);
}

TEST_CASE("the server's own listening ports are refused in every form, whatever allows the address") {
    PeerPolicyConfig c;
    c.allow_loopback = true;
    c.allowed.push_back(*IpRange::parse("127.0.0.1"));
    c.own.ips = {*IpRange::cidr("127.0.0.0/8"), *IpRange::parse("::1"), *IpRange::parse("203.0.113.9")};
    c.own.ports = {3478, 5349};
    const PeerPolicy p(c);
    for (const char* ip : {"127.0.0.1", "127.0.0.2", "::1", "::ffff:127.0.0.1", "203.0.113.9", "::ffff:203.0.113.9",
                           "64:ff9b::cb00:7109", "2002:cb00:7109::1"}) {
        INFO(ip);
        CHECK(p.check(addr(ip, 3478)) == PeerVerdict::ServerItself);
        CHECK(p.check(addr(ip, 5349)) == PeerVerdict::ServerItself);
    }
    // Other ports of the same addresses (relay ports among them) stay open.
    CHECK(p.check(addr("127.0.0.1", 49152)) == PeerVerdict::Allowed);
    CHECK(p.check(addr("203.0.113.9", 3479)) == PeerVerdict::Allowed);
    // The listening ports of other hosts are nobody's business here.
    CHECK(p.check(addr("198.51.100.7", 3478)) == PeerVerdict::Allowed);
}

TEST_CASE("denied-peer-ip ranges whose IPv6 bounds are not byte-aligned match exactly at both ends") {
    PeerPolicyConfig c;
    // 2001:db8::/35: the boundary falls inside the third 16-bit group.
    c.denied.push_back(*IpRange::parse("2001:db8::-2001:db8:1fff:ffff:ffff:ffff:ffff:ffff"));
    c.denied.push_back(*IpRange::cidr("2001:db8:8000::/33"));
    const PeerPolicy p(c);
    check_verdicts(p, {
        {"2001:db8::", PeerVerdict::DeniedByConfig},
        {"2001:db8:1fff:ffff:ffff:ffff:ffff:ffff", PeerVerdict::DeniedByConfig},
        {"2001:db8:1000::1", PeerVerdict::DeniedByConfig},
        {"2001:db8:2000::", PeerVerdict::Allowed},
        {"2001:db7:ffff:ffff:ffff:ffff:ffff:ffff", PeerVerdict::Allowed},
        {"2001:db8:7fff:ffff:ffff:ffff:ffff:ffff", PeerVerdict::Allowed},
        {"2001:db8:8000::", PeerVerdict::DeniedByConfig},
        {"2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", PeerVerdict::DeniedByConfig},
        {"2001:db9::", PeerVerdict::Allowed},
    });
}
