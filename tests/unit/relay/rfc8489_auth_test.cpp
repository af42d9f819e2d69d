// The RFC 8489 §9.2 security features in the relay core: the nonce cookie and
// PASSWORD-ALGORITHMS in challenges, SHA-256 keys, USERHASH, and the §9.2.4
// checks that refuse a bid-down, next to RFC 5389 clients that keep working.
#include <catch2/catch.hpp>

#include "auth/nonce.hpp"
#include "protocol/integrity.hpp"
#include "relay_harness.hpp"

using namespace turn;
using namespace turn::proto;
using namespace turn::relay;
using namespace turn::relay::test;

namespace {

constexpr auto kMd5 = PasswordAlgorithmId::Md5;
constexpr auto kSha256 = PasswordAlgorithmId::Sha256;
constexpr const char* kHexUser = "carol";  // given as an MD5 key only
constexpr const char* kHexUserPassword = "carol-pw";

// How a test client signs, from the RFC 8489 client (§9.2.5) to a tampered one.
struct Signing {
    PasswordAlgorithmId algorithm = kSha256;
    IntegrityKind integrity = IntegrityKind::Sha256;
    bool userhash = true;
    bool username_too = false;         // USERNAME next to USERHASH
    bool send_algorithm = true;        // PASSWORD-ALGORITHM
    bool send_list = true;             // PASSWORD-ALGORITHMS, as the challenge had it
    std::optional<std::vector<PasswordAlgorithmEntry>> list;  // a list other than the challenge's
    std::optional<PasswordAlgorithmEntry> entry;               // a PASSWORD-ALGORITHM other than `algorithm`
    std::optional<std::vector<std::uint8_t>> raw_userhash;      // a USERHASH value other than the user's
};

// What the last 401 or 438 said: the nonce and the list, copied out.
struct Challenge {
    std::string nonce;
    std::vector<PasswordAlgorithmEntry> list;
};

Challenge challenge_of(Harness& h) {
    const auto r = h.last_response();
    Challenge c{std::string(r.get<Nonce>()->value), {}};
    const auto list = r.get<PasswordAlgorithms>();
    REQUIRE(list);
    for (const auto& e : list->entries) c.list.push_back({e.algorithm, {}});
    return c;
}

Challenge challenge(Harness& h) {
    h.send(h.build(Method::Allocate, [](MessageBuilder& b) { b.add(RequestedTransport{}); }, false, h.next_tid()));
    REQUIRE(h.last_error() == 401);
    return challenge_of(h);
}

std::vector<std::uint8_t> signed_request(Harness& h, const Challenge& c, Method m,
                                         const std::function<void(MessageBuilder&)>& attrs, const Signing& s) {
    std::vector<std::uint8_t> out(1024);
    MessageBuilder b(out, {m, MessageClass::Request}, h.next_tid());
    attrs(b);
    const auto hash = compute_userhash(h.user, kRealm);
    if (s.userhash) b.add(Userhash{s.raw_userhash ? std::span<const std::uint8_t>(*s.raw_userhash) : hash});
    if (!s.userhash || s.username_too) b.add(Username{h.user});
    b.add(Realm{kRealm}).add(Nonce{c.nonce});
    PasswordAlgorithms list;
    for (const auto& e : s.list ? *s.list : c.list) list.entries.push_back(e);
    if (s.send_list) b.add(list);
    if (s.send_algorithm) b.add(PasswordAlgorithm{s.entry ? *s.entry : entry_of(s.algorithm)});
    b.add_integrity(s.integrity, derive_long_term_key(s.algorithm, h.user, kRealm, h.password).view());
    out.resize(b.finish()->size());
    return out;
}

void allocate_attrs(MessageBuilder& b) { b.add(RequestedTransport{}); }

// Sends an Allocate signed as `s` with a fresh challenge; the response.
StunMessage allocate_with(Harness& h, const Signing& s) {
    const Challenge c = challenge(h);
    h.send(signed_request(h, c, Method::Allocate, allocate_attrs, s));
    return h.last_response();
}

LongTermKey key_of(const Harness& h, PasswordAlgorithmId alg) {
    return derive_long_term_key(alg, h.user, kRealm, h.password);
}

}  // namespace

TEST_CASE("a 401 carries the nonce cookie and PASSWORD-ALGORITHMS, SHA-256 first for password users") {
    Harness h;
    const Challenge c = challenge(h);
    // Bits 0 and 1 (RFC 8489 §18.1): password algorithms, username anonymity.
    CHECK(c.nonce.starts_with("obMatJos2AAAD"));
    CHECK(c.nonce.size() == auth::NonceIssuer::kNonceLength);
    CHECK(c.list == std::vector<PasswordAlgorithmEntry>{entry_of(kSha256), entry_of(kMd5)});
    CHECK_FALSE(h.last_response().has(AttrType::MessageIntegrity));
}

TEST_CASE("SHA-256 + USERHASH + MESSAGE-INTEGRITY-SHA256 allocates, and is answered with MESSAGE-INTEGRITY-SHA256") {
    Harness h;
    const Challenge c = challenge(h);
    h.send(signed_request(h, c, Method::Allocate, allocate_attrs, {}));
    auto r = h.last_response();
    REQUIRE(r.message_class() == MessageClass::SuccessResponse);
    CHECK(verify_integrity(r, key_of(h, kSha256).view()) == IntegrityStatus::Valid);
    CHECK_FALSE(r.has(AttrType::MessageIntegrity));
    // The allocation belongs to the user the hash named: Refresh and
    // CreatePermission by USERHASH, and by USERNAME, are the same user's.
    h.send(signed_request(h, c, Method::Refresh, [](MessageBuilder& b) { b.add(Lifetime{300}); }, {}));
    r = h.last_response();
    REQUIRE(r.message_class() == MessageClass::SuccessResponse);
    CHECK(r.get<Lifetime>()->value == 300);
    CHECK(verify_message_integrity_sha256(r, key_of(h, kSha256).view()) == IntegrityStatus::Valid);
    Signing by_name;
    by_name.userhash = false;
    h.send(signed_request(h, c, Method::CreatePermission,
                          [](MessageBuilder& b) { b.add(XorPeerAddress{addr("198.51.100.7", 9)}); }, by_name));
    CHECK(h.last_response().message_class() == MessageClass::SuccessResponse);
}

TEST_CASE("an algorithm chosen but MESSAGE-INTEGRITY used: both integrity attributes in the answer") {
    Harness h;
    Signing s;
    s.integrity = IntegrityKind::Sha1;
    const auto r = allocate_with(h, s);
    REQUIRE(r.message_class() == MessageClass::SuccessResponse);
    CHECK(verify_message_integrity(r, key_of(h, kSha256).view()) == IntegrityStatus::Valid);
    CHECK(verify_message_integrity_sha256(r, key_of(h, kSha256).view()) == IntegrityStatus::Valid);
}

TEST_CASE("an RFC 5389 client (MD5, MESSAGE-INTEGRITY, nothing else) is answered exactly as before") {
    Harness h;
    REQUIRE(h.allocate());
    const auto r = h.last_response();
    CHECK(verify_message_integrity(r, key_of(h, kMd5).view()) == IntegrityStatus::Valid);
    CHECK_FALSE(r.has(AttrType::MessageIntegritySha256));
    // MD5 chosen explicitly from the list works too.
    Harness h2;
    Signing md5;
    md5.algorithm = kMd5;
    md5.integrity = IntegrityKind::Sha1;
    CHECK(allocate_with(h2, md5).message_class() == MessageClass::SuccessResponse);
}

TEST_CASE("bid-down attempts get 400 and create nothing (RFC 8489 §9.2.4)") {
    struct Case {
        const char* name;
        Signing signing;
    };
    Signing no_list, no_algorithm, shorter, reordered, not_in_list, unknown;
    no_list.send_list = false;          // the list stripped, the choice kept
    no_algorithm.send_algorithm = false;  // the choice stripped, the list kept
    shorter.list = std::vector{entry_of(kMd5)};  // SHA-256 removed from the 401 on the way
    shorter.algorithm = kMd5;
    reordered.list = std::vector{entry_of(kMd5), entry_of(kSha256)};
    reordered.algorithm = kMd5;
    not_in_list.entry = PasswordAlgorithmEntry{0x0003, {}};  // an algorithm nobody offered
    unknown.list = std::vector{entry_of(kSha256), entry_of(kMd5), PasswordAlgorithmEntry{0x0003, {}}};
    for (const auto& [name, signing] : {Case{"list stripped", no_list}, Case{"algorithm stripped", no_algorithm},
                                         Case{"list shortened", shorter}, Case{"list reordered", reordered},
                                         Case{"algorithm not in the list", not_in_list},
                                         Case{"list with an unknown algorithm", unknown}}) {
        INFO(name);
        Harness h;
        const auto r = allocate_with(h, signing);
        CHECK(r.get<ErrorCode>()->code == 400);
        CHECK_FALSE(r.has(AttrType::MessageIntegrity));
        CHECK_FALSE(r.has(AttrType::MessageIntegritySha256));
        CHECK(h.core->allocation_count() == 0);
    }
}

TEST_CASE("a USERHASH that names no user gets 401 with a fresh nonce and the offer") {
    Harness h;
    Signing s;
    s.raw_userhash = std::vector<std::uint8_t>(32, 0x42);
    const Challenge before = challenge(h);
    h.send(signed_request(h, before, Method::Allocate, allocate_attrs, s));
    const auto r = h.last_response();
    CHECK(r.get<ErrorCode>()->code == 401);
    REQUIRE(r.get<Nonce>());
    CHECK(r.get<Nonce>()->value.starts_with("obMatJos2"));
    CHECK(r.get<PasswordAlgorithms>()->entries.size() == 2);
    CHECK_FALSE(r.has(AttrType::MessageIntegritySha256));
    CHECK(h.core->allocation_count() == 0);
}

TEST_CASE("USERNAME and USERHASH together, or a USERHASH of the wrong size, get 400") {
    Harness h;
    Signing both;
    both.username_too = true;
    CHECK(allocate_with(h, both).get<ErrorCode>()->code == 400);
    Signing short_hash;
    short_hash.raw_userhash = std::vector<std::uint8_t>(31, 0x42);
    CHECK(allocate_with(h, short_hash).get<ErrorCode>()->code == 400);
    CHECK(h.core->allocation_count() == 0);
}

TEST_CASE("a key of the wrong algorithm does not verify: 401") {
    Harness h;
    // PASSWORD-ALGORITHM says MD5, the HMAC was made with the SHA-256 key.
    const Challenge c = challenge(h);
    Signing s;
    s.entry = entry_of(kMd5);
    h.send(signed_request(h, c, Method::Allocate, allocate_attrs, s));
    CHECK(h.last_error() == 401);
}

TEST_CASE("a user given only as an MD5 key: MD5 is offered first, SHA-256 cannot verify") {
    HarnessOptions o;
    const auto key = derive_long_term_key(kMd5, kHexUser, kRealm, kHexUserPassword);
    std::string hex;
    for (const auto byte : key.view()) hex += "0123456789abcdef"[byte >> 4], hex += "0123456789abcdef"[byte & 15];
    o.extra_users = {std::string(kHexUser) + ":0x" + hex};
    Harness h(o);
    h.user = kHexUser;
    h.password = kHexUserPassword;
    const Challenge c = challenge(h);
    CHECK(c.list == std::vector<PasswordAlgorithmEntry>{entry_of(kMd5), entry_of(kSha256)});
    h.send(signed_request(h, c, Method::Allocate, allocate_attrs, {}));
    CHECK(h.last_error() == 401);  // the server has no SHA-256 key for carol
    Signing md5;
    md5.algorithm = kMd5;
    h.send(signed_request(h, challenge(h), Method::Allocate, allocate_attrs, md5));
    const auto r = h.last_response();
    REQUIRE(r.message_class() == MessageClass::SuccessResponse);
    CHECK(verify_message_integrity_sha256(r, key.view()) == IntegrityStatus::Valid);
}

TEST_CASE("a nonce whose cookie was rewritten is refused with 438") {
    Harness h;
    Challenge c = challenge(h);
    c.nonce.replace(0, auth::kNonceCookieLength, "obMatJos2AAAC");  // "Password algorithms" bit cleared
    Signing legacy;  // a client that then believes no list was offered
    legacy.algorithm = kMd5;
    legacy.integrity = IntegrityKind::Sha1;
    legacy.send_algorithm = legacy.send_list = false;
    h.send(signed_request(h, c, Method::Allocate, allocate_attrs, legacy));
    CHECK(h.last_error() == 438);
    CHECK(h.core->allocation_count() == 0);
}
