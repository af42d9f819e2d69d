// TURN REST API credentials as coturn checks them (draft-uberti-behave-turn-rest-00 §2.2).
#include <catch2/catch.hpp>

#include <limits>
#include <string>

#include "auth/rest_api.hpp"

using namespace turn::auth;

TEST_CASE("the REST password is base64 of HMAC-SHA1(secret, username)") {
    // No published coturn vector was found; computed independently with
    //   printf %s '1700000000:alice' | openssl dgst -sha1 -hmac north -binary | base64
    CHECK(rest_password("north", "1700000000:alice") == "Cd/49soE35ICqcJF/bCTn8Z4OyE=");
    CHECK(rest_password("south", "1700000000:alice") == "FJeNoC0yJtNekwCa5JT/sW/1Ls4=");
    //   printf %s '1700000000' | openssl dgst -sha1 -hmac north -binary | base64
    CHECK(rest_password("north", "1700000000") == "CWyHi3zCeWqXBir9thl4m+iZPRY=");
}

TEST_CASE("a REST username is expiry, separator, user") {
    const auto r = parse_rest_username("1700000000:alice", ':');
    REQUIRE(r.ok());
    CHECK(r->expiry == 1700000000);
    CHECK(r->user == "alice");
}

TEST_CASE("the user part may be absent, empty, or hold the separator") {
    auto r = parse_rest_username("1700000000", ':');
    REQUIRE(r.ok());
    CHECK(r->expiry == 1700000000);
    CHECK(r->user.empty());

    r = parse_rest_username("1700000000:", ':');
    REQUIRE(r.ok());
    CHECK(r->user.empty());

    r = parse_rest_username("1700000000:a:b", ':');
    REQUIRE(r.ok());
    CHECK(r->user == "a:b");
}

TEST_CASE("the separator is configurable, as coturn's --rest-api-separator") {
    const auto r = parse_rest_username("1700000000-alice:x", '-');
    REQUIRE(r.ok());
    CHECK(r->expiry == 1700000000);
    CHECK(r->user == "alice:x");
    CHECK(parse_rest_username("1700000000:alice", '-').error() == RestError::NotNumeric);
}

TEST_CASE("the largest expiry is the largest signed 64-bit number") {
    const auto r = parse_rest_username("9223372036854775807:u", ':');
    REQUIRE(r.ok());
    CHECK(r->expiry == std::numeric_limits<std::int64_t>::max());
}

TEST_CASE("malformed REST usernames are refused with a named error") {
    const std::pair<std::string_view, RestError> cases[] = {
        {"", RestError::Empty},
        {":alice", RestError::NotNumeric},
        {"alice", RestError::NotNumeric},
        {"alice:1700000000", RestError::NotNumeric},
        {"17000x0000:alice", RestError::NotNumeric},
        {"+1700000000:alice", RestError::NotNumeric},
        {" 1700000000:alice", RestError::NotNumeric},
        {"1700000000 :alice", RestError::NotNumeric},
        {"-", RestError::NotNumeric},
        {"--5:alice", RestError::NotNumeric},
        {"0x10:alice", RestError::NotNumeric},
        {"9223372036854775808:alice", RestError::Overflow},
        {"99999999999999999999999999:alice", RestError::Overflow},
        {"-1700000000:alice", RestError::Negative},
        {"-1", RestError::Negative},
    };
    for (const auto& [username, error] : cases) {
        INFO(std::string(username));
        const auto r = parse_rest_username(username, ':');
        REQUIRE_FALSE(r.ok());
        CHECK(r.error() == error);
    }
}

TEST_CASE("make_rest_username writes what parse_rest_username reads") {
    CHECK(make_rest_username(1700000000, "alice", ':') == "1700000000:alice");
    CHECK(make_rest_username(1700000000, "", ':') == "1700000000");
    CHECK(make_rest_username(42, "bob", '|') == "42|bob");
    // RestUsername::user views the parsed string, so that string must outlive it.
    const std::string username = make_rest_username(1700000000, "alice", '|');
    const auto r = parse_rest_username(username, '|');
    REQUIRE(r.ok());
    CHECK(r->expiry == 1700000000);
    CHECK(r->user == "alice");
}
