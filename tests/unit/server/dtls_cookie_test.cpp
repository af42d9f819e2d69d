// Stateless DTLS cookies (RFC 6347 §4.2.1): bound to the client's IP and
// port, valid in their rotation period and the next, refused otherwise.
#include <catch2/catch.hpp>

#include "server/dtls_cookie.hpp"

using namespace turn::server;
using turn::proto::TransportAddress;

namespace {

constexpr std::int64_t kPeriod = DtlsCookies::kRotationSeconds;

DtlsCookies cookies(std::uint8_t fill = 7) {
    DtlsCookies::Secret s{};
    s.fill(fill);
    return DtlsCookies(s);
}

TransportAddress client(std::uint16_t port = 40000) { return *TransportAddress::parse("192.0.2.1", port); }

}  // namespace

TEST_CASE("a DTLS cookie checks for the client it was made for, in its period and the next", "[dtls]") {
    const DtlsCookies c = cookies();
    const std::int64_t made_at = 10 * kPeriod + 5;
    const auto cookie = c.make(client(), made_at);
    CHECK(cookie.size() == DtlsCookies::kSize);
    CHECK(c.check(cookie, client(), made_at));
    CHECK(c.check(cookie, client(), 11 * kPeriod - 1));
    CHECK(c.check(cookie, client(), 12 * kPeriod - 1));
    CHECK_FALSE(c.check(cookie, client(), 12 * kPeriod));  // two rotations later
}

TEST_CASE("a DTLS cookie made for one address fails for another port, IP or family", "[dtls]") {
    const DtlsCookies c = cookies();
    const auto cookie = c.make(client(), 100);
    CHECK_FALSE(c.check(cookie, client(40001), 100));
    CHECK_FALSE(c.check(cookie, *TransportAddress::parse("192.0.2.2", 40000), 100));
    CHECK_FALSE(c.check(cookie, *TransportAddress::parse("::ffff:192.0.2.1", 40000), 100));
}

TEST_CASE("a DTLS cookie from another secret, or altered, or of the wrong length fails", "[dtls]") {
    const DtlsCookies c = cookies();
    auto cookie = c.make(client(), 100);
    CHECK_FALSE(cookies(8).check(cookie, client(), 100));
    auto altered = cookie;
    altered.back() ^= 0x01;
    CHECK_FALSE(c.check(altered, client(), 100));
    CHECK_FALSE(c.check(std::span(cookie).first(DtlsCookies::kSize - 1), client(), 100));
    CHECK_FALSE(c.check({}, client(), 100));
}

TEST_CASE("a DTLS cookie whose epoch byte wrapped still checks in the next period only", "[dtls]") {
    const DtlsCookies c = cookies();
    const std::int64_t epoch255 = 255 * kPeriod;
    const auto cookie = c.make(client(), epoch255);
    CHECK(cookie[0] == 255);
    CHECK(c.check(cookie, client(), 256 * kPeriod));       // epoch byte 0 now, 255 before
    CHECK_FALSE(c.check(cookie, client(), 511 * kPeriod));  // byte 255 again, 256 periods on
}

TEST_CASE("DTLS cookies of two processes differ", "[dtls]") {
    const auto a = DtlsCookies::with_random_secret();
    const auto b = DtlsCookies::with_random_secret();
    REQUIRE(a);
    REQUIRE(b);
    CHECK(a->make(client(), 0) != b->make(client(), 0));
}
