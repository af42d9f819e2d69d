// ALTERNATE-SERVER (RFC 8489 §10) as coturn uses it: Allocate requests get
// 300 (Try Alternate) naming the next alternate server, round-robin.
#include <catch2/catch.hpp>

#include "protocol/credentials.hpp"
#include "protocol/integrity.hpp"
#include "relay/alternate_servers.hpp"
#include "relay_harness.hpp"

using namespace turn;
using namespace turn::proto;
using namespace turn::relay;
using namespace turn::relay::test;

namespace {

std::vector<TransportAddress> alternates_of(const StunMessage& m) {
    std::vector<TransportAddress> out;
    m.for_each<AlternateServer>([&](auto a) {
        if (a) out.push_back(a->address);
    });
    return out;
}

HarnessOptions redirecting(std::vector<TransportAddress> servers, std::vector<TransportAddress> tls = {}) {
    HarnessOptions o;
    o.alternates.servers = std::move(servers);
    o.alternates.tls_servers = std::move(tls);
    o.alternates.tls_domain = "turn2.example.org";
    return o;
}

// An authenticated Allocate signed with MESSAGE-INTEGRITY-SHA256 (the
// harness signs with MESSAGE-INTEGRITY), sent from `from`.
void allocate_sha256(Harness& h, const ClientKey& from) {
    h.send(h.request(Method::Allocate, [](MessageBuilder& b) { b.add(RequestedTransport{}); }, false), &from);
    h.nonce = std::string(h.last_response().get<Nonce>()->value);
    std::vector<std::uint8_t> out(512);
    MessageBuilder b(out, {Method::Allocate, MessageClass::Request}, h.next_tid());
    b.add(RequestedTransport{}).add(Username{std::string_view(kUser)}).add(Realm{std::string_view(kRealm)});
    b.add(Nonce{h.nonce});
    b.add_message_integrity_sha256(derive_long_term_key(PasswordAlgorithmId::Md5, kUser, kRealm, kPassword).view());
    out.resize(b.finish()->size());
    h.send(out, &from);
}

}  // namespace

TEST_CASE("alternates of the client's family come round-robin, one of the other family after") {
    const std::vector<TransportAddress> list = {addr("192.0.2.1", 3478), addr("2001:db8::1", 3478),
                                                addr("192.0.2.2", 3479)};
    std::size_t cursor = 0;
    auto pick = pick_alternates(list, AddressFamily::IPv4, cursor);
    REQUIRE(pick.size() == 2);
    CHECK(pick[0] == list[0]);
    CHECK(pick[1] == list[1]);
    pick = pick_alternates(list, AddressFamily::IPv4, cursor);
    CHECK(pick[0] == list[2]);
    CHECK(pick[1] == list[1]);
    pick = pick_alternates(list, AddressFamily::IPv4, cursor);
    CHECK(pick[0] == list[0]);
    pick = pick_alternates(list, AddressFamily::IPv6, cursor);
    CHECK(pick[0] == list[1]);
    CHECK(pick[1] == list[2]);
}

TEST_CASE("no alternate of the client's family means no redirect") {
    std::size_t cursor = 0;
    CHECK(pick_alternates({addr("2001:db8::1", 3478)}, AddressFamily::IPv4, cursor).empty());
    CHECK(pick_alternates({}, AddressFamily::IPv4, cursor).empty());
}

TEST_CASE("an authenticated Allocate gets 300 with ALTERNATE-SERVER, signed, and no allocation is made") {
    Harness h(redirecting({addr("198.51.100.1", 3478), addr("198.51.100.2", 3478)}));
    CHECK_FALSE(h.allocate());
    auto m = h.last_response();
    CHECK(h.last_error() == 300);
    CHECK(alternates_of(m) == std::vector<TransportAddress>{addr("198.51.100.1", 3478)});
    const auto key = derive_long_term_key(PasswordAlgorithmId::Md5, kUser, kRealm, kPassword);
    CHECK(verify_integrity(m, key.view()) == IntegrityStatus::Valid);
    CHECK_FALSE(m.has(AttrType::AlternateDomain));  // not a TLS client
    CHECK(h.core->allocation_count() == 0);
    CHECK_FALSE(h.allocate());
    CHECK(alternates_of(h.last_response()) == std::vector<TransportAddress>{addr("198.51.100.2", 3478)});
}

TEST_CASE("an Allocate without credentials is challenged first: the redirect is for authenticated clients") {
    Harness h(redirecting({addr("198.51.100.1", 3478)}));
    h.send(h.request(Method::Allocate, [](MessageBuilder& b) { b.add(RequestedTransport{}); }, false));
    CHECK(h.last_error() == 401);
}

TEST_CASE("other methods are never redirected") {
    Harness h(redirecting({addr("198.51.100.1", 3478)}));
    h.send(h.request(Method::Refresh, [](MessageBuilder&) {}));
    CHECK(h.last_error() == 437);  // no allocation, and no 300
}

TEST_CASE("TLS clients get tls-alternate-server, and ALTERNATE-DOMAIN when they signed with SHA-256") {
    Harness h(redirecting({addr("198.51.100.1", 3478)}, {addr("198.51.100.9", 5349)}));
    h.transport.other_arrival = Arrival{addr("192.0.2.1", 5349), true};
    const ClientKey tls{kStreamConnection | 3, addr("192.0.2.10", 40001)};
    allocate_sha256(h, tls);
    const auto m = h.last_response();
    CHECK(h.last_error() == 300);
    CHECK(alternates_of(m) == std::vector<TransportAddress>{addr("198.51.100.9", 5349)});
    REQUIRE(m.get<AlternateDomain>());
    CHECK(m.get<AlternateDomain>()->value == "turn2.example.org");
}

TEST_CASE("a plain TCP client gets alternate-server and no ALTERNATE-DOMAIN") {
    Harness h(redirecting({addr("198.51.100.1", 3478)}, {addr("198.51.100.9", 5349)}));
    h.transport.other_arrival = Arrival{addr("192.0.2.1", 3478), false};
    const ClientKey tcp{kStreamConnection | 4, addr("192.0.2.10", 40002)};
    allocate_sha256(h, tcp);
    const auto m = h.last_response();
    CHECK(alternates_of(m) == std::vector<TransportAddress>{addr("198.51.100.1", 3478)});
    CHECK_FALSE(m.has(AttrType::AlternateDomain));
}

TEST_CASE("with alternates of another family only, the Allocate is served here") {
    Harness h(redirecting({addr("2001:db8::7", 3478)}));
    CHECK(h.allocate());
}
