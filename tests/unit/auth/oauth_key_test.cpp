// RFC 7635 AS-RS keys as coturn's oauth_key table holds them, and the check
// of a request's ACCESS-TOKEN against them (§9): the key named by the kid,
// the key's own lifetime, the token's authenticity and lifetime.
#include <catch2/catch.hpp>

#include <array>

#include "auth/authenticator.hpp"
#include "auth/base64.hpp"
#include "auth/db_credentials.hpp"
#include "auth/oauth_key.hpp"
#include "temp_dir.hpp"

using namespace turn;
using namespace turn::auth;
using turn::test::TempDir;

namespace {

constexpr std::int64_t kNow = 1'700'000'000;
constexpr std::array<std::uint8_t, kGcmNonceSize> kNonce{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

// The test keys coturn's turnutils_uclient -J carries (and testsqldbsetup.sql inserts).
const OAuthKeyRow kNorth{"north", "MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDEK", 0, 0, "A256GCM", "crinna.org"};
const OAuthKeyRow kUnion{"union", "MTIzNDU2Nzg5MDEyMzQ1Ngo=", 0, 0, "A128GCM", "north.gov"};
const OAuthKeyRow kOldEmpire{"oldempire", "MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIK", 0, 0, "A256GCM", ""};

OAuthKey key_of(const OAuthKeyRow& row) {
    auto k = make_oauth_key(row);
    REQUIRE(k);
    return *k;
}

OAuthKeys keys_of(std::initializer_list<OAuthKeyRow> rows) {
    OAuthKeys keys;
    for (const auto& r : rows) keys.emplace(r.kid, key_of(r));
    return keys;
}

std::vector<std::uint8_t> token_for(const OAuthKey& key, std::int64_t issued_at, std::uint32_t lifetime,
                                    std::string_view server = "turn.example.org") {
    TokenContents t;
    t.mac_key.size = kMacKeySha1;
    t.mac_key.bytes.fill(0x42);
    t.timestamp = static_cast<std::uint64_t>(issued_at) << 16;
    t.lifetime = lifetime;
    auto token = encode_access_token(t, key.key, server, kNonce);
    REQUIRE(token);
    return *token;
}

}  // namespace

TEST_CASE("coturn's test keys load: the first 32 or 16 bytes of ikm_key are the AES key") {
    const OAuthKey north = key_of(kNorth);
    CHECK(north.kid == "north");
    CHECK(north.key.algorithm == GcmAlgorithm::Aes256);
    const std::string_view ascii = "01234567890123456789012345678901";
    CHECK(std::equal(ascii.begin(), ascii.end(), north.key.view().begin(), north.key.view().end()));
    CHECK(north.realm == "crinna.org");
    const OAuthKey onion = key_of(kUnion);
    CHECK(onion.key.algorithm == GcmAlgorithm::Aes128);
    CHECK(onion.key.view().size() == 16);
    CHECK(key_of(kOldEmpire).realm.empty());
}

TEST_CASE("as_rs_alg is read as coturn reads it, and nothing else is") {
    CHECK(parse_as_rs_alg("A256GCM") == GcmAlgorithm::Aes256);
    CHECK(parse_as_rs_alg(" a128gcm ") == GcmAlgorithm::Aes128);
    CHECK_FALSE(parse_as_rs_alg(""));
    CHECK_FALSE(parse_as_rs_alg("A192GCM"));
    CHECK_FALSE(parse_as_rs_alg("HS256"));
    CHECK(as_rs_alg_name(GcmAlgorithm::Aes128) == "A128GCM");
}

TEST_CASE("an oauth_key row the server cannot use is refused with the reason") {
    auto refused = [](OAuthKeyRow row) {
        auto k = make_oauth_key(row);
        REQUIRE_FALSE(k);
        return k.error();
    };
    OAuthKeyRow r = kNorth;
    r.kid = "";
    CHECK(refused(r) == OAuthKeyError::BadKid);
    r.kid = std::string(129, 'k');
    CHECK(refused(r) == OAuthKeyError::BadKid);
    r.kid = "tab\tkid";
    CHECK(refused(r) == OAuthKeyError::BadKid);
    r = kNorth;
    r.ikm_key = "not base64!";
    CHECK(refused(r) == OAuthKeyError::BadBase64);
    r = kNorth;
    r.as_rs_alg = "";  // the schema's default: coturn refuses it too
    CHECK(refused(r) == OAuthKeyError::UnknownAlgorithm);
    r = kUnion;  // 17 bytes: enough for A128GCM, not for A256GCM
    r.as_rs_alg = "A256GCM";
    CHECK(refused(r) == OAuthKeyError::KeyTooShort);
    r = kNorth;
    r.lifetime = -1;
    CHECK(refused(r) == OAuthKeyError::NegativeTime);
}

TEST_CASE("a key with a lifetime ends at timestamp + lifetime, one without never does") {
    OAuthKey k = key_of(kNorth);
    CHECK_FALSE(k.expired_at(kNow));
    k.timestamp = kNow - 100;
    k.lifetime = 100;
    CHECK_FALSE(k.expired_at(kNow));
    CHECK(k.expired_at(kNow + kTokenClockSkew));
}

TEST_CASE("an access token is checked against the key its kid names") {
    const OAuthKeys keys = keys_of({kNorth, kUnion, kOldEmpire});
    const auto token = token_for(keys.at("union"), kNow, 600);
    const auto grant = check_access_token(keys, "union", token, "turn.example.org", kNow);
    REQUIRE(grant);
    CHECK(grant->mac_key.size == kMacKeySha1);
    CHECK(grant->expires_at == kNow + 600);

    CHECK(check_access_token(keys, "nobody", token, "turn.example.org", kNow).error() == TokenRefusal::UnknownKey);
    CHECK(check_access_token(keys, "north", token, "turn.example.org", kNow).error() == TokenRefusal::Undecodable);
    CHECK(check_access_token(keys, "union", token, "other.example.org", kNow).error() ==
          TokenRefusal::Undecodable);
    CHECK(check_access_token(keys, "union", token, "turn.example.org", kNow + 600 + kTokenClockSkew).error() ==
          TokenRefusal::Expired);
    CHECK(check_access_token(keys, "union", token, "turn.example.org", kNow - 3600).error() ==
          TokenRefusal::NotYetValid);

    OAuthKeys ending = keys;
    ending.at("union").timestamp = kNow - 7200;
    ending.at("union").lifetime = 3600;
    CHECK(check_access_token(ending, "union", token, "turn.example.org", kNow).error() == TokenRefusal::KeyExpired);
}

TEST_CASE("the authenticator checks tokens with the database's keys and names itself by server-name or realm") {
    auto source = std::make_shared<DbCredentialSource>();
    AuthConfig c;
    c.realm = "example.org";
    c.db = source;
    c.oauth = true;
    const auto by_realm = Authenticator::create(c);
    REQUIRE(by_realm);
    CHECK(by_realm->oauth());
    CHECK(by_realm->oauth_server_name() == "example.org");
    c.oauth_server_name = "turn.example.org";
    const auto auth = Authenticator::create(c);
    REQUIRE(auth);
    CHECK(auth->oauth_server_name() == "turn.example.org");

    const OAuthKey north = key_of(kNorth);
    const auto token = token_for(north, kNow, 600);
    // Not read yet (or unreadable): no keys at all.
    CHECK(auth->check_access_token("north", token, kNow).error() == TokenRefusal::UnknownKey);
    auto creds = std::make_shared<DbCredentials>();
    creds->oauth_keys.emplace("north", north);
    source->publish(creds);
    CHECK(auth->check_access_token("north", token, kNow));
    CHECK(by_realm->check_access_token("north", token, kNow).error() == TokenRefusal::Undecodable);
}

TEST_CASE("oauth_key rows round-trip through the database, and unusable ones are skipped when loaded") {
    TempDir dir;
    auto db = TurnDb::open(dir.file("turndb").string(), OpenMode::CreateIfMissing);
    REQUIRE(db);
    REQUIRE(db->add_oauth_key(kNorth));
    REQUIRE(db->add_oauth_key(kUnion));
    OAuthKeyRow timed = kOldEmpire;
    timed.timestamp = kNow;
    timed.lifetime = 86400;
    REQUIRE(db->add_oauth_key(timed));
    OAuthKeyRow bad = kNorth;
    bad.kid = "broken";
    bad.as_rs_alg = "ROT13";
    REQUIRE(db->add_oauth_key(bad));

    auto rows = db->oauth_keys();
    REQUIRE(rows);
    REQUIRE(rows->size() == 4);
    CHECK(rows->at(1) == kNorth);  // ordered by kid: broken, north, oldempire, union
    CHECK(rows->at(2) == timed);

    auto loaded = load_db_credentials(*db, "some.realm");  // keys are found whatever their realm
    REQUIRE(loaded);
    CHECK(loaded->oauth_keys.size() == 3);
    CHECK(loaded->oauth_keys.count("broken") == 0);
    CHECK(loaded->skipped_rows == 1);
    CHECK(loaded->oauth_keys.at("oldempire").lifetime == 86400);

    auto removed = db->remove_oauth_key("north");
    REQUIRE(removed);
    CHECK(*removed);
    auto again = db->remove_oauth_key("north");
    REQUIRE(again);
    CHECK_FALSE(*again);
}

TEST_CASE("oauth_key numbers written as text by hand read as SQLite casts them") {
    TempDir dir;
    const std::string path = dir.file("turndb").string();
    REQUIRE(TurnDb::open(path, OpenMode::CreateIfMissing));
    {
        auto raw = SqliteDb::open(path, OpenMode::ExistingOnly, 100);
        REQUIRE(raw);
        REQUIRE(raw->query("INSERT INTO oauth_key (kid,ikm_key,timestamp,lifetime,as_rs_alg) "
                           "VALUES ('k','MTIzNDU2Nzg5MDEyMzQ1Ngo=','12abc',NULL,'A128GCM')"));
    }
    auto db = TurnDb::open(path, OpenMode::ExistingOnly);
    REQUIRE(db);
    auto rows = db->oauth_keys();
    REQUIRE(rows);
    REQUIRE(rows->size() == 1);
    CHECK(rows->at(0).timestamp == 12);
    CHECK(rows->at(0).lifetime == 0);
    CHECK(rows->at(0).realm.empty());
}
