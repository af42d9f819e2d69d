// RFC 8656 details the other relay tests do not reach: DONT-FRAGMENT in
// Allocate (§7.2) and Send (§11.2), requests that succeed whole or change
// nothing (§9.2, §12.2), Refresh's checks (§7.5), the order of the first
// Allocate checks, and indications with unknown comprehension-required
// attributes (RFC 8489 §6.3.1).
#include <catch2/catch.hpp>

#include "relay_harness.hpp"

using namespace turn::proto;
using namespace turn::relay;
using namespace turn::relay::test;

namespace {

const TransportAddress kPeer = addr("198.51.100.20", 7000);

void dont_fragment(MessageBuilder& b) { b.add(DontFragment{}); }

// A Send indication to kPeer; `extra` adds attributes after DATA.
std::vector<std::uint8_t> send_indication(Harness& h, const std::function<void(MessageBuilder&)>& extra = {}) {
    static constexpr std::uint8_t kPayload[] = {'d', 'a', 't', 'a'};
    std::vector<std::uint8_t> out(512);
    MessageBuilder b(out, {Method::Send, MessageClass::Indication}, h.next_tid());
    b.add(XorPeerAddress{kPeer}).add(DataAttr{kPayload});
    if (extra) extra(b);
    out.resize(b.finish()->size());
    return out;
}

std::size_t sent_to_peers(const Harness& h) {
    std::size_t n = 0;
    for (const auto& s : h.transport.sent) n += s.to_client ? 0 : 1;
    return n;
}

TransportAddress peer_number(int i) {
    return addr(("198.51.100." + std::to_string(100 + i)).c_str(), 7000);
}

// Permissions for peer_number(0 .. n-1).
void fill_permissions(Harness& h, int n) {
    for (int i = 0; i < n; ++i) REQUIRE(h.permit(peer_number(i)));
}

std::uint16_t refresh_error(Harness& h, const std::function<void(MessageBuilder&)>& attrs) {
    h.send(h.request(Method::Refresh, attrs));
    return h.last_error();
}

}  // namespace

TEST_CASE("DONT-FRAGMENT in an Allocate sets DF on the relay socket") {
    Harness h;
    REQUIRE(h.allocate(dont_fragment));
    REQUIRE(h.transport.df_sockets.size() == 1);
    CHECK(h.transport.df_sockets[0] == h.transport.next_socket - 1);
}

TEST_CASE("DONT-FRAGMENT the server cannot honour makes an Allocate a 420 naming it, leaving nothing behind") {
    HarnessOptions one_allocation;
    one_allocation.user_quota = 1;
    Harness h(one_allocation);
    h.transport.df_supported = false;
    h.send(h.request(Method::Allocate, [](MessageBuilder& b) { b.add(RequestedTransport{}).add(DontFragment{}); }));
    const auto r = h.last_response();
    CHECK(r.get<ErrorCode>()->code == 420);
    REQUIRE(r.get<UnknownAttributes>());
    REQUIRE(r.get<UnknownAttributes>()->types.size() == 1);
    CHECK(r.get<UnknownAttributes>()->types[0] == static_cast<std::uint16_t>(AttrType::DontFragment));
    CHECK(h.transport.open == 0);
    CHECK(h.core->allocation_count() == 0);
    REQUIRE(h.allocate());  // the user's one allocation of quota was given back
}

TEST_CASE("a Send indication's DONT-FRAGMENT sets DF on the allocation's socket from then on") {
    Harness h;
    REQUIRE(h.allocate());
    REQUIRE(h.permit(kPeer));
    h.transport.sent.clear();
    h.send(send_indication(h));
    CHECK(h.transport.df_sockets.empty());
    h.send(send_indication(h, dont_fragment));
    h.send(send_indication(h, dont_fragment));
    CHECK(sent_to_peers(h) == 3);
    CHECK(h.transport.df_sockets.size() == 1);  // once: it stays set
}

TEST_CASE("a Send indication with DONT-FRAGMENT the server cannot honour is discarded") {
    Harness h;
    REQUIRE(h.allocate());
    REQUIRE(h.permit(kPeer));
    h.transport.df_supported = false;
    h.transport.sent.clear();
    h.send(send_indication(h, dont_fragment));
    CHECK(sent_to_peers(h) == 0);
    h.send(send_indication(h));
    CHECK(sent_to_peers(h) == 1);
}

TEST_CASE("a Send indication with an unknown comprehension-required attribute is discarded, an optional one is not") {
    Harness h;
    REQUIRE(h.allocate());
    REQUIRE(h.permit(kPeer));
    h.transport.sent.clear();
    h.send(send_indication(h, [](MessageBuilder& b) { b.add_raw(0x0077, std::vector<std::uint8_t>{1, 2, 3, 4}); }));
    CHECK(sent_to_peers(h) == 0);
    h.send(send_indication(h, [](MessageBuilder& b) { b.add_raw(0x8077, std::vector<std::uint8_t>{1, 2, 3, 4}); }));
    CHECK(sent_to_peers(h) == 1);
}

TEST_CASE("a CreatePermission that does not fit gets 508 and installs none of its peers") {
    Harness h;
    REQUIRE(h.allocate());
    fill_permissions(h, PermissionTable::kMaxPermissions - 1);
    const TransportAddress a = addr("198.51.100.60", 1), b = addr("198.51.100.61", 1);
    h.send(h.request(Method::CreatePermission,
                     [&](MessageBuilder& m) { m.add(XorPeerAddress{a}).add(XorPeerAddress{b}); }));
    CHECK(h.last_error() == 508);
    Allocation& alloc = *h.transport.owners[0];
    CHECK_FALSE(alloc.permissions.allows(a, h.clock.now_ms));
    CHECK_FALSE(alloc.permissions.allows(b, h.clock.now_ms));
    // A refresh of a permission it holds and one new peer (named twice) fit.
    REQUIRE(h.roundtrip(Method::CreatePermission, [&](MessageBuilder& m) {
        m.add(XorPeerAddress{peer_number(0)}).add(XorPeerAddress{a}).add(XorPeerAddress{a});
    }));
    CHECK(alloc.permissions.allows(a, h.clock.now_ms));
}

TEST_CASE("expired permissions hold no room, even before the sweep") {
    Harness h;
    REQUIRE(h.allocate());
    fill_permissions(h, PermissionTable::kMaxPermissions);
    REQUIRE_FALSE(h.permit(kPeer));
    h.clock.advance_seconds(301);  // all expired (RFC 8656 §9: 300 s), none swept
    CHECK(h.permit(kPeer));
}

TEST_CASE("a ChannelBind whose permission does not fit gets 508 and binds no channel") {
    Harness h;
    REQUIRE(h.allocate());
    fill_permissions(h, PermissionTable::kMaxPermissions);
    h.send(h.request(Method::ChannelBind,
                     [](MessageBuilder& b) { b.add(ChannelNumber{0x4001}).add(XorPeerAddress{kPeer}); }));
    CHECK(h.last_error() == 508);
    Allocation& alloc = *h.transport.owners[0];
    CHECK(alloc.channels.peer_of(0x4001, h.clock.now_ms) == nullptr);
    // The number is free: it binds to one of the permitted peers.
    CHECK(h.bind_channel(0x4001, peer_number(3)));
}

TEST_CASE("Refresh: an unknown family is a 443, a malformed REQUESTED-ADDRESS-FAMILY or LIFETIME a 400") {
    Harness h;
    REQUIRE(h.allocate());
    using V = std::vector<std::uint8_t>;
    CHECK(refresh_error(h, [](MessageBuilder& b) { b.add_raw(0x0017, V{0x03, 0, 0, 0}); }) == 443);
    CHECK(refresh_error(h, [](MessageBuilder& b) { b.add_raw(0x0017, V{0x01, 0}); }) == 400);
    // A LIFETIME 0 cut short must not be read as "no LIFETIME" (a refresh):
    // the client meant to delete.
    CHECK(refresh_error(h, [](MessageBuilder& b) { b.add_raw(0x000D, V{0, 0}); }) == 400);
    CHECK(h.core->allocation_count() == 1);
    CHECK(refresh_error(h, [](MessageBuilder& b) { b.add(RequestedAddressFamily{AddressFamily::IPv4}); }) == 0);
}

TEST_CASE("Allocate checks authentication first, then the 5-tuple (437), then its attributes") {
    Harness h;
    REQUIRE(h.allocate());
    // Unauthenticated: 401, whatever else is wrong.
    h.send(h.build(Method::Allocate, [](MessageBuilder&) {}, false, h.next_tid()));
    CHECK(h.last_error() == 401);
    // Authenticated on a 5-tuple with an allocation: 437 before the missing
    // REQUESTED-TRANSPORT (400) is looked at (RFC 8656 §7.2 steps 1-3).
    h.send(h.request(Method::Allocate, [](MessageBuilder&) {}));
    CHECK(h.last_error() == 437);
}

TEST_CASE("an allocation ends at its expiry time: a request right after it, before any sweep, finds none") {
    Harness h;
    REQUIRE(h.allocate());
    h.clock.advance_seconds(600);  // the default lifetime (§7.2), to the millisecond; no sweep ran
    CHECK_FALSE(h.roundtrip(Method::Refresh, [](MessageBuilder& b) { b.add(Lifetime{600}); }));
    CHECK(h.last_error() == 437);
    CHECK(h.core->allocation_count() == 0);
    CHECK(h.transport.open == 0);
    // The same 5-tuple may allocate again at once.
    CHECK(h.allocate());
}
