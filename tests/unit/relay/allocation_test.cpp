// Allocate, Refresh and lifetimes (RFC 8656 §7), authentication (RFC 8489
// §9.2.4), quotas: the relay core with a fake clock and transport.
#include <catch2/catch.hpp>

#include "relay_harness.hpp"

using namespace turn::proto;
using namespace turn::relay;
using namespace turn::relay::test;

namespace {

void transport_attr(MessageBuilder& b) { b.add(RequestedTransport{}); }

}  // namespace

TEST_CASE("an Allocate without credentials gets 401 with REALM and a NONCE, and leaves no state") {
    Harness h;
    h.send(h.request(Method::Allocate, transport_attr, false));
    auto r = h.last_response();
    CHECK(r.get<ErrorCode>()->code == 401);
    CHECK(r.get<Realm>()->value == kRealm);
    CHECK(r.get<Nonce>()->value.size() == turn::auth::NonceIssuer::kNonceLength);
    CHECK(r.get<PasswordAlgorithms>()->entries.size() == 2);
    CHECK_FALSE(r.has(AttrType::MessageIntegrity));
    CHECK(h.core->allocation_count() == 0);
    CHECK(h.transport.open == 0);
}

TEST_CASE("an authenticated Allocate gets the relayed address (external mapping), lifetime and mapped address") {
    Harness h;
    REQUIRE(h.allocate());
    auto r = h.last_response();
    const auto relayed = r.get<XorRelayedAddress>()->address;
    CHECK(relayed.ip_string() == "203.0.113.9");  // advertised, not the local 127.0.0.1
    CHECK(relayed.port >= 50000);
    CHECK(relayed.port <= 50009);
    CHECK(r.get<Lifetime>()->value == 600);
    CHECK(r.get<XorMappedAddress>()->address == h.client.addr);
    CHECK(r.has(AttrType::MessageIntegrity));
    CHECK(h.core->allocation_count() == 1);
}

TEST_CASE("a wrong password gets 401, a missing NONCE gets 400, a forged nonce gets 438") {
    Harness h;
    h.send(h.request(Method::Allocate, transport_attr, false));
    h.nonce = std::string(h.last_response().get<Nonce>()->value);
    std::vector<std::uint8_t> buf(512);
    MessageBuilder b(buf, {Method::Allocate, MessageClass::Request}, h.next_tid());
    b.add(RequestedTransport{}).add(Username{kUser}).add(Realm{kRealm}).add(Nonce{h.nonce});
    b.add_message_integrity(derive_long_term_key(PasswordAlgorithmId::Md5, kUser, kRealm, "wrong").view());
    buf.resize(b.finish()->size());
    h.send(buf);
    CHECK(h.last_error() == 401);

    std::vector<std::uint8_t> buf2(512);
    MessageBuilder c(buf2, {Method::Allocate, MessageClass::Request}, h.next_tid());
    c.add(RequestedTransport{}).add(Username{kUser}).add(Realm{kRealm});
    c.add_message_integrity(derive_long_term_key(PasswordAlgorithmId::Md5, kUser, kRealm, kPassword).view());
    buf2.resize(c.finish()->size());
    h.send(buf2);
    CHECK(h.last_error() == 400);

    h.nonce = std::string(turn::auth::NonceIssuer::kNonceLength, 'a');
    h.send(h.request(Method::Allocate, transport_attr));
    CHECK(h.last_error() == 438);
    CHECK(h.core->allocation_count() == 0);
}

TEST_CASE("a nonce older than stale-nonce gets 438 with a fresh nonce that then works") {
    HarnessOptions o;
    o.stale_nonce = 5;
    Harness h(o);
    h.send(h.request(Method::Allocate, transport_attr, false));
    h.nonce = std::string(h.last_response().get<Nonce>()->value);
    h.clock.advance_seconds(6);
    h.send(h.request(Method::Allocate, transport_attr));
    CHECK(h.last_error() == 438);
    h.nonce = std::string(h.last_response().get<Nonce>()->value);
    REQUIRE(h.allocate());
}

TEST_CASE("a retransmitted Allocate gets the same answer, a new one on the same 5-tuple gets 437") {
    Harness h;
    const TransactionId tid = h.next_tid();
    h.send(h.request(Method::Allocate, transport_attr, true, &tid));
    const auto first = h.last_response().get<XorRelayedAddress>()->address;
    const auto first_bytes = h.last;
    h.send(h.request(Method::Allocate, transport_attr, true, &tid));
    CHECK(h.last_response().get<XorRelayedAddress>()->address == first);
    CHECK(h.last == first_bytes);
    CHECK(h.core->allocation_count() == 1);
    h.send(h.request(Method::Allocate, transport_attr));
    CHECK(h.last_error() == 437);
}

TEST_CASE("REQUESTED-TRANSPORT is required and must be UDP or TCP, an IPv6 request without IPv6 relays gets 440") {
    Harness h;
    h.send(h.request(Method::Allocate, [](MessageBuilder&) {}));
    CHECK(h.last_error() == 400);
    h.send(h.request(Method::Allocate, [](MessageBuilder& b) { b.add(RequestedTransport{1}); }));
    CHECK(h.last_error() == 442);
    // RFC 6062 §5.1: TCP needs a TCP or TLS client connection (tcp_relay_test.cpp).
    h.send(h.request(Method::Allocate, [](MessageBuilder& b) { b.add(RequestedTransport{RequestedTransport::kTcp}); }));
    CHECK(h.last_error() == 400);
    h.send(h.request(Method::Allocate, [](MessageBuilder& b) {
        b.add(RequestedTransport{}).add(RequestedAddressFamily{AddressFamily::IPv6});
    }));
    CHECK(h.last_error() == 440);
    h.send(h.request(Method::Allocate, [](MessageBuilder& b) {
        b.add(RequestedTransport{}).add(EvenPort{}).add_raw(static_cast<std::uint16_t>(AttrType::ReservationToken),
                                                            std::vector<std::uint8_t>(8, 1));
    }));
    CHECK(h.last_error() == 400);
    CHECK(h.core->allocation_count() == 0);
}

TEST_CASE("an unknown comprehension-required attribute gets 420 listing it, after authentication") {
    Harness h;
    h.send(h.request(Method::Allocate, [](MessageBuilder& b) {
        b.add(RequestedTransport{}).add_raw(0x0077, std::vector<std::uint8_t>{1, 2, 3, 4});
    }));
    auto r = h.last_response();
    CHECK(r.get<ErrorCode>()->code == 420);
    REQUIRE(r.get<UnknownAttributes>()->types.size() == 1);
    CHECK(r.get<UnknownAttributes>()->types[0] == 0x0077);
    CHECK(r.has(AttrType::MessageIntegrity));
}

TEST_CASE("user-quota gives 486 to the user's next allocation, total-quota gives 508") {
    HarnessOptions o;
    o.user_quota = 1;
    Harness h(o);
    REQUIRE(h.allocate());
    h.move_to(40001);
    h.send(h.request(Method::Allocate, transport_attr));
    CHECK(h.last_error() == 486);

    HarnessOptions t;
    t.total_quota = 1;
    Harness g(t);
    REQUIRE(g.allocate());
    g.move_to(40001);
    g.send(g.request(Method::Allocate, transport_attr));
    CHECK(g.last_error() == 508);
}

TEST_CASE("no free relay port gives 508") {
    HarnessOptions o;
    o.min_port = o.max_port = 50000;
    Harness h(o);
    REQUIRE(h.allocate());
    h.move_to(40001);
    h.send(h.request(Method::Allocate, transport_attr));
    CHECK(h.last_error() == 508);
}

TEST_CASE("EVEN-PORT with R reserves the next port under a token another Allocate can redeem") {
    Harness h;
    h.send(h.request(Method::Allocate, [](MessageBuilder& b) { b.add(RequestedTransport{}).add(EvenPort{true}); }));
    auto r = h.last_response();
    const auto port = r.get<XorRelayedAddress>()->address.port;
    CHECK(port % 2 == 0);
    const auto token = r.get<ReservationToken>();
    REQUIRE(token);
    const std::vector<std::uint8_t> t(token->value.begin(), token->value.end());
    h.move_to(40001);
    h.send(h.request(Method::Allocate, [&](MessageBuilder& b) {
        b.add(RequestedTransport{}).add(ReservationToken{t});
    }));
    CHECK(h.last_response().get<XorRelayedAddress>()->address.port == port + 1);
}

TEST_CASE("allocations expire on time: the relay socket is closed and the port returns to the pool") {
    Harness h;
    REQUIRE(h.allocate());
    const auto free_before = h.shared->pools[0]->free_ports();
    h.clock.advance_seconds(599);
    h.core->sweep();
    CHECK(h.core->allocation_count() == 1);
    h.clock.advance_seconds(2);
    h.core->sweep();
    CHECK(h.core->allocation_count() == 0);
    CHECK(h.transport.open == 0);
    CHECK(h.shared->pools[0]->free_ports() == free_before + 1);
}

TEST_CASE("Refresh extends the lifetime, LIFETIME 0 deletes the allocation, then Refresh gets 437") {
    Harness h;
    REQUIRE(h.allocate());
    h.clock.advance_seconds(500);
    h.send(h.request(Method::Refresh, [](MessageBuilder& b) { b.add(Lifetime{300}); }));
    CHECK(h.last_response().get<Lifetime>()->value == 300);
    h.clock.advance_seconds(200);
    h.core->sweep();
    CHECK(h.core->allocation_count() == 1);  // 700 s after creation, alive thanks to the refresh
    // The nonce is 700 s old by now: roundtrip() takes the 438's fresh one.
    CHECK(h.roundtrip(Method::Refresh, [](MessageBuilder& b) { b.add(Lifetime{0}); }));
    CHECK(h.last_response().get<Lifetime>()->value == 0);
    CHECK(h.core->allocation_count() == 0);
    CHECK_FALSE(h.roundtrip(Method::Refresh, [](MessageBuilder& b) { b.add(Lifetime{600}); }));
    CHECK(h.last_error() == 437);
}

TEST_CASE("a lifetime above max-allocate-lifetime is cut to it") {
    Harness h;
    h.send(h.request(Method::Allocate, [](MessageBuilder& b) { b.add(RequestedTransport{}).add(Lifetime{100000}); }));
    CHECK(h.last_response().get<Lifetime>()->value == 3600);
}

TEST_CASE("a failed relay socket gives 508 and releases the quota") {
    HarnessOptions o;
    o.user_quota = 1;
    Harness h(o);
    h.transport.fail_next_open = true;
    h.send(h.request(Method::Allocate, transport_attr));
    CHECK(h.last_error() == 508);
    h.transport.fail_next_open = false;
    CHECK(h.allocate());
}

TEST_CASE("no-stun: Binding requests get no answer, TURN still works") {
    Harness h;
    h.shared->config.no_stun = true;
    h.transport.sent.clear();
    std::vector<std::uint8_t> binding(20);
    MessageBuilder b(binding, {Method::Binding, MessageClass::Request}, h.next_tid());
    h.send({binding.begin(), binding.begin() + static_cast<std::ptrdiff_t>(b.finish()->size())});
    CHECK(h.transport.sent.empty());
    CHECK(h.allocate());
}
