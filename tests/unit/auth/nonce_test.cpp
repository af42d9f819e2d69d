// Stateless nonces (RFC 8489 §9.2.3, RFC 8656 §7.2): authentic for one client
// address, stale after the lifetime, never a crash on any input.
#include <catch2/catch.hpp>

#include <string>

#include "auth/nonce.hpp"

using namespace turn::auth;
using turn::proto::TransportAddress;

namespace {

constexpr std::int64_t kLifetime = 600;
constexpr std::int64_t kNow = 1'700'000'000;

NonceIssuer::MasterSecret master(std::uint8_t seed) {
    NonceIssuer::MasterSecret m{};
    for (std::size_t i = 0; i < m.size(); ++i) m[i] = static_cast<std::uint8_t>(seed + i);
    return m;
}

const TransportAddress kClient = TransportAddress::v4({192, 0, 2, 1}, 50000);
const ChallengeOffer kOffer{SecurityFeatures{SecurityFeatures::kPasswordAlgorithms | SecurityFeatures::kUsernameAnonymity},
                            AlgorithmOffer::Sha256First};

}  // namespace

TEST_CASE("a fresh nonce is valid for the client it was issued to") {
    const NonceIssuer issuer(master(1), kLifetime);
    const std::string n = issuer.issue(kClient, kNow, kOffer);
    CHECK(issuer.check(n, kClient, kNow) == NonceStatus::Valid);
    CHECK(issuer.check(n, kClient, kNow + kLifetime) == NonceStatus::Valid);
}

TEST_CASE("a nonce is the nonce cookie, then fixed-length lowercase hex") {
    const NonceIssuer issuer(master(1), kLifetime);
    for (std::int64_t t : {std::int64_t{0}, kNow, std::int64_t{4'000'000'000}}) {
        const std::string n = issuer.issue(kClient, t, kOffer);
        CHECK(n.size() == NonceIssuer::kNonceLength);
        CHECK(n.size() < 128);  // RFC 8489 §14.10
        // RFC 8489 §9.2: "obMatJos2" and the base64 of bits 0 and 1 (00 00 03).
        CHECK(n.starts_with("obMatJos2AAAD"));
        CHECK(n.find_first_not_of("0123456789abcdef", kNonceCookieLength) == std::string::npos);
    }
}

TEST_CASE("a nonce carries the offer it went out with, and the MAC covers it") {
    const NonceIssuer issuer(master(1), kLifetime);
    for (const auto algorithms : {AlgorithmOffer::Md5Only, AlgorithmOffer::Sha256First, AlgorithmOffer::Md5First}) {
        for (const std::uint32_t bits : {SecurityFeatures::kPasswordAlgorithms,
                                         SecurityFeatures::kPasswordAlgorithms | SecurityFeatures::kUsernameAnonymity}) {
            const ChallengeOffer offer{SecurityFeatures{bits}, algorithms};
            const std::string n = issuer.issue(kClient, kNow, offer);
            CHECK(NonceIssuer::offer_of(n) == offer);
            CHECK(nonce_cookie_features(n) == offer.features);
            CHECK(issuer.check(n, kClient, kNow) == NonceStatus::Valid);
        }
    }
}

TEST_CASE("a nonce whose offer was rewritten is invalid, however well formed") {
    // A bid-down attacker (RFC 8489 §9.2.1) who clears the cookie's
    // "Password algorithms" bit, or names a shorter list, re-encodes both
    // correctly; only the MAC tells.
    const NonceIssuer issuer(master(1), kLifetime);
    const std::string n = issuer.issue(kClient, kNow, kOffer);
    std::string cleared = n;
    cleared.replace(0, kNonceCookieLength, nonce_cookie(SecurityFeatures{SecurityFeatures::kUsernameAnonymity}));
    REQUIRE(NonceIssuer::offer_of(cleared));
    CHECK(issuer.check(cleared, kClient, kNow) == NonceStatus::Invalid);
    std::string md5_only = n;
    md5_only.replace(kNonceCookieLength + 16, 2, "01");
    REQUIRE(NonceIssuer::offer_of(md5_only)->algorithms == AlgorithmOffer::Md5Only);
    CHECK(issuer.check(md5_only, kClient, kNow) == NonceStatus::Invalid);
}

TEST_CASE("an offer number the server never sends makes the nonce malformed") {
    const NonceIssuer issuer(master(1), kLifetime);
    const std::string n = issuer.issue(kClient, kNow, kOffer);
    for (const char* offer : {"00", "04", "ff"}) {
        std::string t = n;
        t.replace(kNonceCookieLength + 16, 2, offer);
        CHECK_FALSE(NonceIssuer::offer_of(t));
        CHECK(issuer.check(t, kClient, kNow) == NonceStatus::Invalid);
    }
}

TEST_CASE("a nonce older than its lifetime is stale") {
    const NonceIssuer issuer(master(1), kLifetime);
    const std::string n = issuer.issue(kClient, kNow, kOffer);
    CHECK(issuer.check(n, kClient, kNow + kLifetime + 1) == NonceStatus::Stale);
    CHECK(issuer.check(n, kClient, kNow + 3000) == NonceStatus::Stale);
}

TEST_CASE("a nonce is invalid from another client IP, port or family") {
    const NonceIssuer issuer(master(1), kLifetime);
    const std::string n = issuer.issue(kClient, kNow, kOffer);
    CHECK(issuer.check(n, TransportAddress::v4({192, 0, 2, 1}, 50001), kNow) == NonceStatus::Invalid);
    CHECK(issuer.check(n, TransportAddress::v4({192, 0, 2, 2}, 50000), kNow) == NonceStatus::Invalid);
    std::array<std::uint8_t, 16> v6{};
    v6[0] = 192, v6[1] = 0, v6[2] = 2, v6[3] = 1;
    CHECK(issuer.check(n, TransportAddress::v6(v6, 50000), kNow) == NonceStatus::Invalid);
}

TEST_CASE("IPv6 clients get nonces bound to their address") {
    const NonceIssuer issuer(master(1), kLifetime);
    const auto a = *TransportAddress::parse("2001:db8::1", 3478);
    const auto b = *TransportAddress::parse("2001:db8::2", 3478);
    const std::string n = issuer.issue(a, kNow, kOffer);
    CHECK(issuer.check(n, a, kNow) == NonceStatus::Valid);
    CHECK(issuer.check(n, b, kNow) == NonceStatus::Invalid);
}

TEST_CASE("a nonce from another master secret is invalid") {
    const NonceIssuer issuer(master(1), kLifetime);
    const NonceIssuer other(master(2), kLifetime);
    CHECK(issuer.check(other.issue(kClient, kNow, kOffer), kClient, kNow) == NonceStatus::Invalid);
}

TEST_CASE("changing any character of a nonce makes it invalid") {
    const NonceIssuer issuer(master(1), kLifetime);
    const std::string n = issuer.issue(kClient, kNow, kOffer);
    for (std::size_t i = 0; i < n.size(); ++i) {
        std::string t = n;
        t[i] = t[i] == '0' ? '1' : '0';
        INFO("position " << i);
        CHECK(issuer.check(t, kClient, kNow) == NonceStatus::Invalid);
    }
    std::string upper = n;
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (upper != n) CHECK(issuer.check(upper, kClient, kNow) == NonceStatus::Invalid);
}

TEST_CASE("malformed nonces are invalid, never a crash") {
    const NonceIssuer issuer(master(1), kLifetime);
    const std::string good = issuer.issue(kClient, kNow, kOffer);
    const std::string cases[] = {
        "",
        "0",
        good.substr(0, good.size() - 1),
        good + "0",
        std::string(NonceIssuer::kNonceLength, 'g'),
        std::string(NonceIssuer::kNonceLength, '\0'),
        std::string(NonceIssuer::kNonceLength, 'f'),
        std::string(NonceIssuer::kNonceLength, '0'),
        std::string(100'000, 'a'),
        "obMatJos2AAACf//499k954d6OL34oL9FSTvy64sA",
        std::string(good).replace(10, 1, 1, '\0'),
        std::string(good).replace(10, 1, 1, ' '),
    };
    for (const auto& c : cases) {
        INFO("case of length " << c.size());
        CHECK(issuer.check(c, kClient, kNow) == NonceStatus::Invalid);
    }
}

TEST_CASE("a nonce from the future beyond the allowed skew is invalid") {
    const NonceIssuer issuer(master(1), kLifetime);
    const std::string n = issuer.issue(kClient, kNow + NonceIssuer::kAllowedFutureSkew, kOffer);
    CHECK(issuer.check(n, kClient, kNow) == NonceStatus::Valid);
    const std::string far = issuer.issue(kClient, kNow + NonceIssuer::kAllowedFutureSkew + 1, kOffer);
    CHECK(issuer.check(far, kClient, kNow) == NonceStatus::Invalid);
}

TEST_CASE("a nonce issued just before key rotation still validates after it") {
    const NonceIssuer issuer(master(1), kLifetime);
    const std::int64_t period = issuer.rotation_period();
    const std::int64_t boundary = (kNow / period + 1) * period;
    const std::string n = issuer.issue(kClient, boundary - 1, kOffer);
    CHECK(issuer.check(n, kClient, boundary) == NonceStatus::Valid);
    CHECK(issuer.check(n, kClient, boundary - 1 + kLifetime) == NonceStatus::Valid);
    CHECK(issuer.check(n, kClient, boundary + kLifetime) == NonceStatus::Stale);
}

TEST_CASE("only the current and the previous epoch's keys are accepted") {
    const NonceIssuer issuer(master(1), kLifetime);
    const std::int64_t period = issuer.rotation_period();
    const std::int64_t start = kNow / period * period;
    const std::string n = issuer.issue(kClient, start, kOffer);
    CHECK(issuer.check(n, kClient, start + 2 * period - 1) == NonceStatus::Stale);
    CHECK(issuer.check(n, kClient, start + 2 * period) == NonceStatus::Invalid);
}

TEST_CASE("the rotation period is at least an hour and at least the lifetime") {
    CHECK(NonceIssuer(master(1), 600).rotation_period() == 3600);
    CHECK(NonceIssuer(master(1), 7200).rotation_period() == 7200);
    CHECK(NonceIssuer(master(1), 0).lifetime() == 1);
    CHECK(NonceIssuer(master(1), -5).lifetime() == 1);
}

TEST_CASE("a long lifetime keeps nonces valid across one rotation") {
    const NonceIssuer issuer(master(1), 7200);
    const std::string n = issuer.issue(kClient, kNow, kOffer);
    CHECK(issuer.check(n, kClient, kNow + 7200) == NonceStatus::Valid);
    CHECK(issuer.check(n, kClient, kNow + 7201) == NonceStatus::Stale);
}

TEST_CASE("issuing is deterministic: the issuer keeps no state") {
    const NonceIssuer issuer(master(1), kLifetime);
    const std::string first = issuer.issue(kClient, kNow, kOffer);
    for (int i = 0; i < 10'000; ++i) (void)issuer.check(issuer.issue(kClient, kNow + (i % 7), kOffer), kClient, kNow);
    CHECK(issuer.issue(kClient, kNow, kOffer) == first);
    CHECK(issuer.issue(kClient, kNow + 1, kOffer) != first);
}

TEST_CASE("a negative clock is taken as zero") {
    const NonceIssuer issuer(master(1), kLifetime);
    const std::string n = issuer.issue(kClient, -100, kOffer);
    CHECK(n == issuer.issue(kClient, 0, kOffer));
    CHECK(issuer.check(n, kClient, -100) == NonceStatus::Valid);
}
