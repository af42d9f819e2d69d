// The nonce cookie (RFC 8489 §9.2): "obMatJos2" and the base64 of the 24-bit
// STUN Security Feature set, bit 0 the least significant (nonce_cookie.hpp).
#include <catch2/catch.hpp>

#include "auth/nonce_cookie.hpp"

using namespace turn::auth;

namespace {
constexpr auto kPa = SecurityFeatures::kPasswordAlgorithms;
constexpr auto kAnon = SecurityFeatures::kUsernameAnonymity;
}  // namespace

TEST_CASE("the cookie is obMatJos2 and four base64 characters of the feature bits") {
    CHECK(nonce_cookie(SecurityFeatures{0}) == "obMatJos2AAAA");
    CHECK(nonce_cookie(SecurityFeatures{kPa}) == "obMatJos2AAAB");
    CHECK(nonce_cookie(SecurityFeatures{kAnon}) == "obMatJos2AAAC");
    CHECK(nonce_cookie(SecurityFeatures{kPa | kAnon}) == "obMatJos2AAAD");
    CHECK(nonce_cookie(SecurityFeatures{SecurityFeatures::kAllBits}) == "obMatJos2////");
    CHECK(nonce_cookie(SecurityFeatures{kPa}).size() == kNonceCookieLength);
}

TEST_CASE("RFC 8489 B.1's nonce asks for username anonymity only") {
    const auto f = nonce_cookie_features("obMatJos2AAACf//499k954d6OL34oL9FSTvy64sA");
    REQUIRE(f);
    CHECK(f->username_anonymity());
    CHECK_FALSE(f->password_algorithms());
}

TEST_CASE("features read back from any nonce that starts with the cookie, unassigned bits kept") {
    for (const std::uint32_t bits : {0u, kPa, kAnon, kPa | kAnon, 0x800000u, 0xFFFFFFu}) {
        const auto f = nonce_cookie_features(nonce_cookie(SecurityFeatures{bits}) + "rest-of-nonce");
        REQUIRE(f);
        CHECK(f->bits == bits);
    }
}

TEST_CASE("a nonce without the cookie, or with a broken one, has no features") {
    for (const char* nonce : {"", "obMatJos2", "obMatJos2AAA", "f//499k954d6OL34oL9FSTvy64sA", "OBMATJOS2AAAD",
                              "obMatJos2AA=D", "obMatJos2AAA=", "obMatJos2A A D", "xobMatJos2AAAD"}) {
        INFO(nonce);
        CHECK_FALSE(nonce_cookie_features(nonce));
    }
}
