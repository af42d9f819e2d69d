// unauthorized-ratelimit: unsigned UDP error responses per source IP per
// second, from a fixed table (relay/unauth_rate_limit.hpp), and where the
// relay core applies it.
#include <catch2/catch.hpp>

#include "relay/unauth_rate_limit.hpp"
#include "relay_harness.hpp"

using namespace turn;
using namespace turn::relay;
using turn::relay::test::addr;

namespace {

int allowed_of(UnauthRateLimit& limit, const proto::TransportAddress& source, int tries, Millis now) {
    int allowed = 0;
    for (int i = 0; i < tries; ++i) allowed += limit.allow(source, now) ? 1 : 0;
    return allowed;
}

}  // namespace

TEST_CASE("a source gets rps answers in a second, and rps again in the next second") {
    UnauthRateLimit limit(5);
    const auto source = addr("198.51.100.7", 40000);
    CHECK(allowed_of(limit, source, 50, 10'000) == 5);
    CHECK(allowed_of(limit, source, 50, 10'999) == 0);
    CHECK(allowed_of(limit, source, 50, 11'000) == 5);
}

TEST_CASE("the source port does not count: another port of the same IP shares the budget") {
    UnauthRateLimit limit(3);
    int allowed = 0;
    for (std::uint16_t port = 1000; port < 1100; ++port) allowed += limit.allow(addr("198.51.100.7", port), 0) ? 1 : 0;
    CHECK(allowed == 3);
}

TEST_CASE("an IPv6 source counts by its /64, an IPv4-mapped one as its IPv4 address") {
    UnauthRateLimit limit(2);
    CHECK(allowed_of(limit, addr("2001:db8:1:2::1", 1), 1, 0) == 1);
    CHECK(allowed_of(limit, addr("2001:db8:1:2:ffff::9", 1), 5, 0) == 1);  // same /64
    CHECK(allowed_of(limit, addr("192.0.2.1", 1), 1, 0) == 1);
    CHECK(allowed_of(limit, addr("::ffff:192.0.2.1", 1), 5, 0) == 1);  // the same host
}

TEST_CASE("a flood from many sources fills a fixed table: nearly all get a first answer, the total stays bounded") {
    UnauthRateLimit limit(10);
    constexpr int kSources = 20000;
    auto source = [](int i) {
        const auto b = [i](int shift) { return static_cast<std::uint8_t>(i >> shift); };
        return proto::TransportAddress::v4({10, b(16), b(8), b(0)}, 1);
    };
    int answers = 0;
    for (int i = 0; i < kSources; ++i) answers += limit.allow(source(i), 0) ? 1 : 0;
    // 20000 sources over 4096 slots of 10 (about 5 a slot): only the few
    // slots shared by more than 10 sources refuse.
    CHECK(answers > kSources * 95 / 100);
    // However often they ask within the second, colliding sources share one
    // budget: never more than 10 answers a slot.
    for (int round = 0; round < 20; ++round)
        for (int i = 0; i < kSources; ++i) answers += limit.allow(source(i), 0) ? 1 : 0;
    CHECK(answers <= static_cast<int>(UnauthRateLimit::kSlots) * 10);
    CHECK(sizeof(UnauthRateLimit) < 128 * 1024);  // fixed: nothing per source
}

TEST_CASE("rps 0 is no limit") {
    UnauthRateLimit limit(0);
    CHECK(allowed_of(limit, addr("198.51.100.7", 1), 1000, 0) == 1000);
}

TEST_CASE("the relay core drops unsigned UDP errors over the limit, and never a TCP client's or a signed answer") {
    test::HarnessOptions options;
    options.unauthorized_rps = 2;
    test::Harness h(options);
    auto unauthenticated_allocate = [&](const ClientKey& from) {
        const std::size_t before = h.transport.sent.size();
        h.send(h.build(proto::Method::Allocate, [](proto::MessageBuilder&) {}, false, h.next_tid()), &from);
        return h.transport.sent.size() - before;
    };
    std::size_t udp_answers = 0;
    for (int i = 0; i < 10; ++i) udp_answers += unauthenticated_allocate(h.client);
    CHECK(udp_answers == 2);
    CHECK(h.core->counters().dropped_rate_limited.load() == 8);

    const ClientKey tcp{kStreamConnection | 1, h.client.addr};
    std::size_t tcp_answers = 0;
    for (int i = 0; i < 10; ++i) tcp_answers += unauthenticated_allocate(tcp);
    CHECK(tcp_answers == 10);

    h.clock.advance_seconds(1);  // a new second: the client may learn a nonce again
    REQUIRE(h.allocate());
    for (int i = 0; i < 5; ++i) {  // authenticated: signed 437s, never limited
        REQUIRE_FALSE(h.roundtrip(proto::Method::Allocate, [](proto::MessageBuilder&) {}));
        CHECK(h.last_error() == 437);
    }
}
