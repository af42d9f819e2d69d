// Safe by default: which peers the relay refuses (DESIGN.md, RFC 8656 §9.1).
#include <catch2/catch.hpp>

#include "relay/peer_policy.hpp"
#include "relay_harness.hpp"

using namespace turn::relay;
using turn::relay::test::addr;

TEST_CASE("special-purpose peers are refused by default, in both IPv4 and IPv6 forms") {
    const PeerPolicy p({});
    struct Case {
        const char* ip;
        PeerVerdict verdict;
    };
    const Case cases[] = {
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
    };
    for (const auto& c : cases) {
        INFO(c.ip);
        CHECK(p.check(addr(c.ip, 3478)) == c.verdict);
    }
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
