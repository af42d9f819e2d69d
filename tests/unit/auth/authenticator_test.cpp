// The keys a request's MESSAGE-INTEGRITY may be checked with (RFC 8489 §9.2.4),
// from static users and TURN REST API secrets.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "auth/authenticator.hpp"
#include "auth/bytes.hpp"
#include "key_helpers.hpp"

using namespace turn::auth;
using turn::proto::derive_long_term_key;
using turn::proto::LongTermKey;
using turn::proto::PasswordAlgorithmId;

namespace {

using namespace turn::test;
constexpr std::int64_t kExpiry = 1'700'000'000;

Authenticator make(std::vector<std::string> users, std::vector<std::string> secrets, bool use_auth_secret) {
    AuthConfig c;
    c.realm = std::string(kRealm);
    c.static_users = std::move(*load_static_users(users, kRealm));
    c.rest_secrets = std::move(secrets);
    c.use_auth_secret = use_auth_secret;
    return std::move(*Authenticator::create(std::move(c)));
}

}  // namespace

TEST_CASE("a REST password made with either of two secrets verifies") {
    const auto auth = make({}, {"north", "south"}, true);
    const std::string username = make_rest_username(kExpiry, "alice", ':');
    const auto keys = auth.candidate_keys(username, kNow);
    REQUIRE(keys.size() == 2);
    CHECK(contains(keys, md5_key(username, rest_password("north", username))));
    CHECK(contains(keys, md5_key(username, rest_password("south", username))));
    CHECK_FALSE(contains(keys, md5_key(username, rest_password("west", username))));
    // printf %s '1700000000:alice:example.org:Cd/49soE35ICqcJF/bCTn8Z4OyE=' | md5sum
    CHECK(hex_encode(keys[0].view()) == "d9a6a3d964467baeffd2fce41704a913");
    // printf %s '1700000000:alice:example.org:FJeNoC0yJtNekwCa5JT/sW/1Ls4=' | md5sum
    CHECK(hex_encode(keys[1].view()) == "2c9f5db2d368dd352ccb5988c9a8c638");
}

TEST_CASE("a REST username is valid up to its expiry second, not after") {
    const auto auth = make({}, {"north"}, true);
    const std::string username = make_rest_username(kExpiry, "alice", ':');
    CHECK(auth.candidate_keys(username, kExpiry).size() == 1);
    CHECK(auth.candidate_keys(username, kExpiry + 1).empty());
}

TEST_CASE("malformed REST usernames get no keys") {
    const auto auth = make({}, {"north"}, true);
    CHECK(auth.candidate_keys("", kNow).empty());
    CHECK(auth.candidate_keys("alice", kNow).empty());
    CHECK(auth.candidate_keys("alice:1700000000", kNow).empty());
    CHECK(auth.candidate_keys("-1:alice", kNow).empty());
    CHECK(auth.candidate_keys("99999999999999999999:alice", kNow).empty());
}

TEST_CASE("the REST separator is the configured one") {
    AuthConfig c;
    c.realm = std::string(kRealm);
    c.rest_secrets = {"north"};
    c.use_auth_secret = true;
    c.rest_separator = '|';
    const auto auth = *Authenticator::create(std::move(c));
    CHECK(auth.candidate_keys("1700000000|alice", kNow).size() == 1);
    CHECK(auth.candidate_keys("1700000000:alice", kNow).empty());
}

TEST_CASE("without use-auth-secret the REST secrets are not used") {
    const auto auth = make({}, {"north"}, false);
    CHECK(auth.candidate_keys(make_rest_username(kExpiry, "alice", ':'), kNow).empty());
}

TEST_CASE("a static user gets its key and an unknown user gets none") {
    const auto auth = make({"alice:s3cret"}, {}, false);
    const auto keys = auth.candidate_keys("alice", kNow);
    REQUIRE(keys.size() == 1);
    CHECK(keys[0] == md5_key("alice", "s3cret"));
    CHECK(auth.candidate_keys("mallory", kNow).empty());
    CHECK(auth.candidate_keys("", kNow).empty());
}

TEST_CASE("static users and REST secrets work side by side") {
    const auto auth = make({"alice:s3cret"}, {"north", "south"}, true);
    const auto stat = auth.candidate_keys("alice", kNow);
    REQUIRE(stat.size() == 1);
    CHECK(stat[0] == md5_key("alice", "s3cret"));

    const std::string username = make_rest_username(kExpiry, "bob", ':');
    const auto rest = auth.candidate_keys(username, kNow);
    REQUIRE(rest.size() == 2);
    CHECK(contains(rest, md5_key(username, rest_password("south", username))));
    CHECK(auth.candidate_keys("mallory", kNow).empty());
}

TEST_CASE("a static user whose name is also a live REST username gets both keys") {
    const auto auth = make({"1700000000:s3cret"}, {"north"}, true);
    // Names end at the first ':', so this user is "1700000000", a bare expiry.
    const auto keys = auth.candidate_keys("1700000000", kNow);
    REQUIRE(keys.size() == 2);
    CHECK(keys[0] == md5_key("1700000000", "s3cret"));
    CHECK(keys[1] == md5_key("1700000000", rest_password("north", "1700000000")));
}

TEST_CASE("user-quota counts a REST user under the name after the expiry, as coturn does") {
    const auto a = make({"alice:pw"}, {"s1"}, true);
    CHECK(a.quota_name("1700000000:bob") == "bob");
    CHECK(a.quota_name("1700000001:bob") == "bob");
    CHECK(a.quota_name("1700000000") == "1700000000");  // no user part: the username itself
    CHECK(a.quota_name("alice") == "alice");
    const auto without_rest = make({"alice:pw"}, {}, false);
    CHECK(without_rest.quota_name("1700000000:bob") == "1700000000:bob");
}

TEST_CASE("bad auth configurations are refused with a named error") {
    AuthConfig empty_realm;
    CHECK(Authenticator::create(std::move(empty_realm)).error() == AuthConfigError::InvalidRealm);

    AuthConfig empty_secret;
    empty_secret.realm = "r";
    empty_secret.rest_secrets = {"a", ""};
    CHECK(Authenticator::create(std::move(empty_secret)).error() == AuthConfigError::EmptySecret);

    AuthConfig too_many;
    too_many.realm = "r";
    too_many.rest_secrets.assign(Authenticator::kMaxRestSecrets + 1, "s");
    CHECK(Authenticator::create(std::move(too_many)).error() == AuthConfigError::TooManySecrets);

    AuthConfig most;
    most.realm = "r";
    most.rest_secrets.assign(Authenticator::kMaxRestSecrets, "s");
    most.use_auth_secret = true;
    const auto auth = Authenticator::create(std::move(most));
    REQUIRE(auth.ok());
    CHECK(auth->candidate_keys("1700000000:u", kNow).size() == Authenticator::kMaxRestSecrets);
}

namespace {

LongTermKey sha256_key(std::string_view user, std::string_view password) {
    return derive_long_term_key(PasswordAlgorithmId::Sha256, user, kRealm, password);
}

}  // namespace

TEST_CASE("SHA-256 keys (RFC 8489 §18.5.1.2): from passwords and REST secrets, never from an MD5 hex key") {
    const auto auth = make({"alice:s3cret", "bob:0x8b83b40c22906c0c67a3c5bcc491bc14"}, {"north"}, true);
    const auto alice = auth.candidate_keys("alice", kNow, PasswordAlgorithmId::Sha256);
    REQUIRE(alice.size() == 1);
    CHECK(alice[0] == sha256_key("alice", "s3cret"));
    CHECK(auth.candidate_keys("bob", kNow, PasswordAlgorithmId::Sha256).empty());
    CHECK(auth.candidate_keys("bob", kNow, PasswordAlgorithmId::Md5).size() == 1);
    const std::string username = make_rest_username(kExpiry, "carol", ':');
    const auto rest = auth.candidate_keys(username, kNow, PasswordAlgorithmId::Sha256);
    REQUIRE(rest.size() == 1);
    CHECK(rest[0] == sha256_key(username, rest_password("north", username)));
}

TEST_CASE("USERHASH finds static users, and a REST username's USERHASH names nobody") {
    const auto auth = make({"alice:s3cret", "bob:0x8b83b40c22906c0c67a3c5bcc491bc14"}, {"north"}, true);
    CHECK(auth.user_by_userhash(turn::proto::compute_userhash("alice", kRealm)) == "alice");
    CHECK(auth.user_by_userhash(turn::proto::compute_userhash("bob", kRealm)) == "bob");
    CHECK_FALSE(auth.user_by_userhash(turn::proto::compute_userhash("mallory", kRealm)));
    const std::string username = make_rest_username(kExpiry, "carol", ':');
    CHECK_FALSE(auth.user_by_userhash(turn::proto::compute_userhash(username, kRealm)));
}

TEST_CASE("the challenge offers only what the credentials can honour") {
    using F = SecurityFeatures;
    // Passwords only: SHA-256 first, USERHASH welcome.
    const auto passwords = make({"alice:s3cret"}, {}, false).challenge_offer();
    CHECK(passwords.algorithms == AlgorithmOffer::Sha256First);
    CHECK(passwords.features == F{F::kPasswordAlgorithms | F::kUsernameAnonymity});
    // A user with only an MD5 key: MD5 first, so RFC 8489 clients take it.
    CHECK(make({"alice:s3cret", "bob:0x8b83b40c22906c0c67a3c5bcc491bc14"}, {}, false).challenge_offer().algorithms ==
          AlgorithmOffer::Md5First);
    // Nothing can make a SHA-256 key: MD5 alone.
    CHECK(make({"bob:0x8b83b40c22906c0c67a3c5bcc491bc14"}, {}, false).challenge_offer().algorithms ==
          AlgorithmOffer::Md5Only);
    // REST: SHA-256 first, but no username anonymity, which REST usernames cannot have.
    const auto rest = make({}, {"north"}, true).challenge_offer();
    CHECK(rest.algorithms == AlgorithmOffer::Sha256First);
    CHECK(rest.features == F{F::kPasswordAlgorithms});
}
