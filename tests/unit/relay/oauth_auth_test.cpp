// RFC 7635 third-party authorization in the relay core (§9): challenges name
// the server in THIRD-PARTY-AUTHORIZATION, a token's session key signs the
// request and the responses, the allocation keeps the key for requests that
// carry no token and lives no longer than the token, and every bad token is
// a 401 that lets the client fetch a new one.
#include <catch2/catch.hpp>

#include <array>

#include "auth/access_token.hpp"
#include "auth/oauth_key.hpp"
#include "protocol/integrity.hpp"
#include "relay_harness.hpp"

using namespace turn;
using namespace turn::proto;
using namespace turn::relay;
using namespace turn::relay::test;

namespace {

using Bytes = std::vector<std::uint8_t>;

constexpr const char* kServerName = "turn.example.org";
constexpr std::array<std::uint8_t, auth::kGcmNonceSize> kTokenNonce{9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2};

auth::OAuthKey make_key(const char* kid, const char* ikm, const char* alg) {
    auto k = auth::make_oauth_key({kid, ikm, 0, 0, alg, ""});
    REQUIRE(k);
    return *k;
}

// Two of coturn's test keys (turnutils_uclient -J).
auth::OAuthKey north() { return make_key("north", "MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDEK", "A256GCM"); }
auth::OAuthKey union_key() { return make_key("union", "MTIzNDU2Nzg5MDEyMzQ1Ngo=", "A128GCM"); }

HarnessOptions oauth_options() {
    HarnessOptions o;
    o.oauth = true;
    o.server_name = kServerName;
    o.oauth_keys = {north(), union_key()};
    return o;
}

LongTermKey mac_key(std::uint8_t fill, std::size_t size = auth::kMacKeySha1) {
    LongTermKey k;
    k.size = size;
    for (std::size_t i = 0; i < size; ++i) k.bytes[i] = static_cast<std::uint8_t>(fill + i);
    return k;
}

// What an authorization server hands a client: the kid, a token, the session key.
struct Grant {
    std::string kid = "north";
    LongTermKey mac = mac_key(0x10);
    Bytes token;
};

Grant grant(const Harness& h, const auth::OAuthKey& key, std::uint32_t lifetime = 3600,
            LongTermKey mac = mac_key(0x10), std::string_view server = kServerName) {
    auth::TokenContents t{mac, static_cast<std::uint64_t>(h.clock.unix_seconds()) << 16, lifetime};
    auto token = auth::encode_access_token(t, key.key, server, kTokenNonce);
    REQUIRE(token);
    return {key.kid, mac, *token};
}

void fetch_nonce(Harness& h) {
    h.send(h.build(Method::Allocate, [](MessageBuilder& b) { b.add(RequestedTransport{}); }, false, h.next_tid()));
    REQUIRE(h.last_error() == 401);
    h.nonce = std::string(h.last_response().get<Nonce>()->value);
}

// A request signed with the grant's session key; with the token unless `token` is false.
Bytes signed_request(Harness& h, Method m, const std::function<void(MessageBuilder&)>& attrs, const Grant& g,
                     bool token = true) {
    if (h.nonce.empty()) fetch_nonce(h);
    Bytes out(1024);
    MessageBuilder b(out, {m, MessageClass::Request}, h.next_tid());
    if (attrs) attrs(b);
    b.add(Username{g.kid}).add(Realm{kRealm}).add(Nonce{h.nonce});
    if (token) b.add(AccessToken{g.token});
    b.add_message_integrity(g.mac.view());
    out.resize(b.finish()->size());
    return out;
}

void udp(MessageBuilder& b) { b.add(RequestedTransport{}); }

StunMessage send(Harness& h, const Bytes& request) {
    h.send(request);
    return h.last_response();
}

std::optional<std::string> third_party(const StunMessage& m) {
    const auto a = m.get<ThirdPartyAuthorization>();
    if (!a) return std::nullopt;
    return std::string(a->value.begin(), a->value.end());
}

}  // namespace

TEST_CASE("with oauth, 401 names the server in THIRD-PARTY-AUTHORIZATION, and without oauth it does not") {
    Harness h(oauth_options());
    fetch_nonce(h);
    CHECK(third_party(h.last_response()) == std::optional<std::string>(kServerName));

    HarnessOptions by_realm = oauth_options();
    by_realm.server_name.clear();
    Harness r(by_realm);
    fetch_nonce(r);
    CHECK(third_party(r.last_response()) == std::optional<std::string>(kRealm));

    Harness plain;
    fetch_nonce(plain);
    CHECK_FALSE(third_party(plain.last_response()));
}

TEST_CASE("an Allocate with a token is signed and answered with the token's session key") {
    Harness h(oauth_options());
    const Grant g = grant(h, north());
    const StunMessage r = send(h, signed_request(h, Method::Allocate, udp, g));
    REQUIRE(r.message_class() == MessageClass::SuccessResponse);
    CHECK(verify_message_integrity(r, g.mac.view()) == IntegrityStatus::Valid);
    // The A128GCM key works the same, and a 32-byte session key too.
    h.move_to(40001);
    const Grant g128 = grant(h, union_key(), 3600, mac_key(0x30, auth::kMacKeySha256));
    const StunMessage r128 = send(h, signed_request(h, Method::Allocate, udp, g128));
    REQUIRE(r128.message_class() == MessageClass::SuccessResponse);
    CHECK(verify_message_integrity(r128, g128.mac.view()) == IntegrityStatus::Valid);
}

TEST_CASE("a request signed as coturn's clients sign, with the first 16 bytes of the session key, is accepted") {
    Harness h(oauth_options());
    Grant g = grant(h, north());
    const LongTermKey whole = g.mac;
    g.mac.size = 16;  // the token still carries all 20 bytes
    const StunMessage r = send(h, signed_request(h, Method::Allocate, udp, g));
    REQUIRE(r.message_class() == MessageClass::SuccessResponse);
    // Answered with the key the client used, and later requests use it too.
    CHECK(verify_message_integrity(r, g.mac.view()) == IntegrityStatus::Valid);
    CHECK(verify_message_integrity(r, whole.view()) == IntegrityStatus::Invalid);
    auto permit = [](MessageBuilder& b) { b.add(XorPeerAddress{addr("127.0.0.1", 5000)}); };
    CHECK(send(h, signed_request(h, Method::CreatePermission, permit, g, false)).message_class() ==
          MessageClass::SuccessResponse);
}

TEST_CASE("requests without a token on a token's allocation are checked with its session key") {
    Harness h(oauth_options());
    const Grant g = grant(h, north());
    REQUIRE(send(h, signed_request(h, Method::Allocate, udp, g)).message_class() == MessageClass::SuccessResponse);
    const auto peer = addr("127.0.0.1", 5000);
    auto permit = [&](MessageBuilder& b) { b.add(XorPeerAddress{peer}); };
    const StunMessage ok = send(h, signed_request(h, Method::CreatePermission, permit, g, false));
    REQUIRE(ok.message_class() == MessageClass::SuccessResponse);
    CHECK(verify_message_integrity(ok, g.mac.view()) == IntegrityStatus::Valid);

    Grant forged = g;
    forged.mac = mac_key(0x77);
    const StunMessage refused = send(h, signed_request(h, Method::CreatePermission, permit, forged, false));
    CHECK(refused.get<ErrorCode>()->code == 401);
    CHECK(third_party(refused));
    // Another client's 5-tuple has no session: the kid is no user there.
    h.move_to(40002);
    CHECK(send(h, signed_request(h, Method::CreatePermission, permit, g, false)).get<ErrorCode>()->code == 401);
}

TEST_CASE("every bad token is a 401 with a fresh nonce and THIRD-PARTY-AUTHORIZATION") {
    Harness h(oauth_options());
    auto refused_with = [&](const Grant& g) {
        const StunMessage r = send(h, signed_request(h, Method::Allocate, udp, g));
        REQUIRE(r.get<ErrorCode>());
        CHECK(r.get<ErrorCode>()->code == 401);
        CHECK(r.get<Nonce>());
        CHECK(third_party(r) == std::optional<std::string>(kServerName));
        CHECK(h.core->allocation_count() == 0);
    };
    const Grant good = grant(h, north());
    SECTION("a kid no key has") {
        Grant g = good;
        g.kid = "nobody";
        refused_with(g);
    }
    SECTION("a nonce_length that runs past the end of the token") {
        Grant g = good;
        g.token[0] = 0xFF;
        refused_with(g);
    }
    SECTION("a token cut short, and an empty one") {
        Grant g = good;
        g.token.resize(20);
        refused_with(g);
        g.token.clear();
        refused_with(g);
    }
    SECTION("a token whose tag does not verify") {
        Grant g = good;
        g.token.back() ^= 0x01;
        refused_with(g);
    }
    SECTION("a token sealed for another server, or with another key") {
        refused_with(grant(h, north(), 3600, mac_key(0x10), "other.example.org"));
        Grant g = grant(h, union_key());
        g.kid = "north";
        refused_with(g);
    }
    SECTION("an expired token") {
        const Grant g = grant(h, north(), 60);
        h.clock.advance_seconds(60 + auth::kTokenClockSkew);
        h.nonce.clear();
        refused_with(g);
    }
    SECTION("a good token on a request signed with another key") {
        Grant g = good;
        g.mac = mac_key(0x99);
        refused_with(g);
    }
}

TEST_CASE("a token named by USERHASH is a 400: the kid must be in USERNAME") {
    Harness h(oauth_options());
    fetch_nonce(h);
    const Grant g = grant(h, north());
    Bytes out(1024);
    MessageBuilder b(out, {Method::Allocate, MessageClass::Request}, h.next_tid());
    udp(b);
    b.add(Userhash{compute_userhash("north", kRealm)}).add(Realm{kRealm}).add(Nonce{h.nonce});
    b.add(AccessToken{g.token}).add_message_integrity(g.mac.view());
    out.resize(b.finish()->size());
    CHECK(send(h, out).get<ErrorCode>()->code == 400);
}

TEST_CASE("an allocation lives no longer than its token, and a Refresh with a new token extends it") {
    Harness h(oauth_options());
    const Grant g = grant(h, north(), 300);
    const StunMessage r = send(h, signed_request(h, Method::Allocate, udp, g));
    REQUIRE(r.message_class() == MessageClass::SuccessResponse);
    CHECK(r.get<Lifetime>()->value == 300 + auth::kTokenClockSkew);

    h.clock.advance_seconds(300 + auth::kTokenClockSkew);
    h.nonce.clear();
    auto permit = [](MessageBuilder& b) { b.add(XorPeerAddress{addr("127.0.0.1", 5000)}); };
    CHECK(send(h, signed_request(h, Method::CreatePermission, permit, g, false)).get<ErrorCode>()->code == 401);

    // Still within the allocation's last second: a fresh token refreshes it.
    h.clock.now_ms -= 1000;
    h.nonce.clear();
    const Grant fresh = grant(h, north(), 3600, mac_key(0x50));
    const StunMessage refreshed = send(h, signed_request(h, Method::Refresh, {}, fresh));
    REQUIRE(refreshed.message_class() == MessageClass::SuccessResponse);
    CHECK(refreshed.get<Lifetime>()->value == 600);
    CHECK(send(h, signed_request(h, Method::CreatePermission, permit, fresh, false)).message_class() ==
          MessageClass::SuccessResponse);
    // The old session key is gone with its token.
    CHECK(send(h, signed_request(h, Method::CreatePermission, permit, g, false)).get<ErrorCode>()->code == 401);
}

TEST_CASE("a newer token under another kid takes over a token's allocation, but a password's allocation stays its user's") {
    Harness h(oauth_options());
    const Grant g = grant(h, north());
    REQUIRE(send(h, signed_request(h, Method::Allocate, udp, g)).message_class() == MessageClass::SuccessResponse);
    const Grant other = grant(h, union_key(), 3600, mac_key(0x60));
    REQUIRE(send(h, signed_request(h, Method::Refresh, {}, other)).message_class() == MessageClass::SuccessResponse);
    auto permit = [](MessageBuilder& b) { b.add(XorPeerAddress{addr("127.0.0.1", 5000)}); };
    CHECK(send(h, signed_request(h, Method::CreatePermission, permit, other, false)).message_class() ==
          MessageClass::SuccessResponse);
    CHECK(send(h, signed_request(h, Method::CreatePermission, permit, g, false)).get<ErrorCode>()->code == 401);

    h.move_to(40020);
    REQUIRE(h.allocate());  // alice's, with her password
    CHECK(send(h, signed_request(h, Method::Refresh, {}, grant(h, north()))).get<ErrorCode>()->code == 441);
}

TEST_CASE("token sessions count against total-quota but not user-quota, as in coturn") {
    HarnessOptions o = oauth_options();
    o.user_quota = 1;
    o.total_quota = 3;
    Harness h(o);
    for (std::uint16_t port = 40010; port < 40013; ++port) {
        h.move_to(port);
        CHECK(send(h, signed_request(h, Method::Allocate, udp, grant(h, north()))).message_class() ==
              MessageClass::SuccessResponse);
    }
    h.move_to(40013);
    CHECK(send(h, signed_request(h, Method::Allocate, udp, grant(h, north()))).get<ErrorCode>()->code == 508);
}

TEST_CASE("long-term users work as before with oauth on, and without oauth a token is not looked at") {
    Harness h(oauth_options());
    CHECK(h.allocate());

    Harness plain;
    // A kid is no user there; the token does not make it one.
    CHECK(send(plain, signed_request(plain, Method::Allocate, udp, grant(plain, north()))).get<ErrorCode>()->code ==
          401);
    // ACCESS-TOKEN is a known attribute: next to good long-term credentials it is no 420.
    const Grant g = grant(plain, north());
    CHECK(plain.roundtrip(Method::Allocate, [&](MessageBuilder& b) {
        b.add(RequestedTransport{});
        b.add(AccessToken{g.token});
    }));
}
