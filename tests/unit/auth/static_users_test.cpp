// Static users from the configuration (coturn's user=name:password and
// user=name:0x<key>), keyed by RFC 8489 §9.2.2's MD5 long-term key.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "auth/bytes.hpp"
#include "auth/static_users.hpp"

using namespace turn::auth;
using turn::proto::derive_long_term_key;
using turn::proto::PasswordAlgorithmId;

namespace {
constexpr std::string_view kRealm = "example.org";
}

TEST_CASE("a user with a password gets the MD5 key of name:realm:password") {
    const auto u = parse_static_user("alice:s3cret", kRealm);
    REQUIRE(u.ok());
    CHECK(u->name == "alice");
    CHECK(u->key == derive_long_term_key(PasswordAlgorithmId::Md5, "alice", kRealm, "s3cret"));
    // printf %s 'alice:example.org:s3cret' | md5sum
    CHECK(hex_encode(u->key.view()) == "8b83b40c22906c0c67a3c5bcc491bc14");
}

TEST_CASE("a 0x key, as turnadmin -k prints it, is the same key as its password") {
    const auto hex = parse_static_user("alice:0x8b83b40c22906c0c67a3c5bcc491bc14", kRealm);
    const auto upper = parse_static_user("alice:0x8B83B40C22906C0C67A3C5BCC491BC14", kRealm);
    const auto pass = parse_static_user("alice:s3cret", kRealm);
    REQUIRE(hex.ok());
    REQUIRE(upper.ok());
    REQUIRE(pass.ok());
    CHECK(hex->key == pass->key);
    CHECK(upper->key == pass->key);
}

TEST_CASE("the name ends at the first colon and the password may hold colons") {
    const auto u = parse_static_user("bob:pa:ss", kRealm);
    REQUIRE(u.ok());
    CHECK(u->name == "bob");
    CHECK(u->key == derive_long_term_key(PasswordAlgorithmId::Md5, "bob", kRealm, "pa:ss"));
}

TEST_CASE("bad user entries are refused with a named error") {
    const std::pair<std::string_view, StaticUserError> cases[] = {
        {"alice", StaticUserError::MissingSeparator},
        {"", StaticUserError::MissingSeparator},
        {":s3cret", StaticUserError::InvalidName},
        {"al\x01ice:s3cret", StaticUserError::InvalidName},
        {"al\xffice:s3cret", StaticUserError::InvalidName},
        {"alice:", StaticUserError::InvalidPassword},
        {"alice:pa\nss", StaticUserError::InvalidPassword},
        {"alice:0x", StaticUserError::InvalidHexKey},
        {"alice:0x8b83b40c22906c0c67a3c5bcc491bc1", StaticUserError::InvalidHexKey},
        {"alice:0x8b83b40c22906c0c67a3c5bcc491bc14aa", StaticUserError::InvalidHexKey},
        {"alice:0x8b83b40c22906c0c67a3c5bcc491bcxz", StaticUserError::InvalidHexKey},
        {"alice:0x 8b83b40c22906c0c67a3c5bcc491bc1", StaticUserError::InvalidHexKey},
    };
    for (const auto& [entry, error] : cases) {
        INFO(std::string(entry));
        const auto r = parse_static_user(entry, kRealm);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error() == error);
    }
}

TEST_CASE("static users are found by exact name") {
    const std::vector<std::string> entries = {"alice:s3cret", "bob:0x8b83b40c22906c0c67a3c5bcc491bc14"};
    const auto users = load_static_users(entries, kRealm);
    REQUIRE(users.ok());
    CHECK(users->size() == 2);
    CHECK(users->find("alice") == derive_long_term_key(PasswordAlgorithmId::Md5, "alice", kRealm, "s3cret"));
    CHECK(users->find("bob").has_value());
    CHECK_FALSE(users->find("Alice").has_value());
    CHECK_FALSE(users->find("carol").has_value());
    CHECK_FALSE(users->find("").has_value());
}

TEST_CASE("loading stops at the first bad entry and names it") {
    const std::vector<std::string> bad = {"alice:s3cret", "bob", "carol:x"};
    const auto r = load_static_users(bad, kRealm);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().index == 1);
    CHECK(r.error().error == StaticUserError::MissingSeparator);

    const std::vector<std::string> twice = {"alice:s3cret", "alice:other"};
    const auto d = load_static_users(twice, kRealm);
    REQUIRE_FALSE(d.ok());
    CHECK(d.error().index == 1);
    CHECK(d.error().error == StaticUserError::DuplicateName);
}

TEST_CASE("a password gives both keys, a hex key only MD5 (RFC 8489 §18.5.1)") {
    const std::vector<std::string> entries = {"alice:s3cret", "bob:0x8b83b40c22906c0c67a3c5bcc491bc14"};
    const auto users = load_static_users(entries, kRealm);
    REQUIRE(users.ok());
    CHECK(users->find("alice", PasswordAlgorithmId::Sha256) ==
          derive_long_term_key(PasswordAlgorithmId::Sha256, "alice", kRealm, "s3cret"));
    CHECK(users->find("bob", PasswordAlgorithmId::Md5).has_value());
    CHECK_FALSE(users->find("bob", PasswordAlgorithmId::Sha256).has_value());
    CHECK(users->has_md5_only_users());
    CHECK(users->has_sha256_keys());
    const std::vector<std::string> passwords = {"alice:s3cret"};
    CHECK_FALSE(load_static_users(passwords, kRealm)->has_md5_only_users());
}

TEST_CASE("static users are found by USERHASH, SHA-256 of name:realm (RFC 8489 §14.4)") {
    const std::vector<std::string> entries = {"alice:s3cret", "bob:0x8b83b40c22906c0c67a3c5bcc491bc14"};
    const auto users = load_static_users(entries, kRealm);
    REQUIRE(users.ok());
    CHECK(users->name_of(turn::proto::compute_userhash("alice", kRealm)) == "alice");
    CHECK(users->name_of(turn::proto::compute_userhash("bob", kRealm)) == "bob");
    CHECK_FALSE(users->name_of(turn::proto::compute_userhash("alice", "other.realm")));
    CHECK_FALSE(users->name_of(turn::proto::compute_userhash("carol", kRealm)));
    const auto hash = turn::proto::compute_userhash("alice", kRealm);
    CHECK_FALSE(users->name_of(std::span(hash).first(31)));  // not a SHA-256
}
