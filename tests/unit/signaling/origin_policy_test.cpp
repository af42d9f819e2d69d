// Which pages may open a WebSocket to turnsignal (RFC 6455 §10.2).
#include <catch2/catch.hpp>

#include "signaling/origin_policy.hpp"

using namespace turn::signaling;

TEST_CASE("Origin: by default only a page from the host the browser connected to") {
    const OriginPolicy policy({});
    CHECK(policy.allows("http://127.0.0.1:8080", "127.0.0.1:8080"));
    CHECK(policy.allows("https://Example.org:8443", "example.org:8443"));
    CHECK(policy.allows("https://example.org", "example.org:443"));
    CHECK(policy.allows("http://example.org:80", "example.org"));
    CHECK_FALSE(policy.allows("https://evil.example", "example.org:8443"));
    CHECK_FALSE(policy.allows("http://127.0.0.1:9999", "127.0.0.1:8080"));
    CHECK_FALSE(policy.allows("https://example.org:80", "example.org"));
    CHECK_FALSE(policy.allows("file://", "example.org"));
    CHECK_FALSE(policy.allows("null", "example.org"));
    CHECK_FALSE(policy.allows("http://example.org/path", "example.org"));
}

TEST_CASE("Origin: a request without one is not from a page, and is accepted") {
    CHECK(OriginPolicy({}).allows(std::nullopt, "example.org"));
}

TEST_CASE("Origin: listed origins are accepted besides the host itself") {
    const OriginPolicy policy({"https://app.example.org", "HTTPS://Other.example:8443/"});
    CHECK(policy.allows("https://app.example.org", "turn.example.org:8443"));
    CHECK(policy.allows("https://other.example:8443", "turn.example.org:8443"));
    CHECK(policy.allows("https://turn.example.org:8443", "turn.example.org:8443"));
    CHECK_FALSE(policy.allows("http://app.example.org", "turn.example.org:8443"));
    CHECK(policy.cross_origin("https://app.example.org", "turn.example.org:8443"));
    CHECK_FALSE(policy.cross_origin("https://turn.example.org:8443", "turn.example.org:8443"));
    CHECK_FALSE(policy.cross_origin("https://evil.example", "turn.example.org:8443"));
}

TEST_CASE("Origin: * accepts any origin, null included") {
    const OriginPolicy policy({"*"});
    CHECK(policy.allows("https://anything.example", "example.org"));
    CHECK(policy.allows("null", "example.org"));
}
