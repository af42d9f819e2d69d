// A client reading a 401 or 438 (RFC 8489 §9.2.5): what the retry carries,
// and the challenges it must not retry at all.
#include <catch2/catch.hpp>

#include <array>
#include <vector>

#include "auth/challenge_offer.hpp"
#include "auth/client_challenge.hpp"
#include "protocol/attributes.hpp"
#include "protocol/message_builder.hpp"

using namespace turn;
using namespace turn::auth;
using namespace turn::proto;

namespace {

constexpr std::array kBoth = {PasswordAlgorithmId::Md5, PasswordAlgorithmId::Sha256};
constexpr std::array kSha256Only = {PasswordAlgorithmId::Sha256};
const std::string kCookieBoth = "obMatJos2AAAD" + std::string(50, 'a');
const std::string kCookiePa = "obMatJos2AAAB" + std::string(50, 'a');

struct Response {
    std::vector<std::uint8_t> bytes = std::vector<std::uint8_t>(512);
    StunMessage message() const { return *StunMessage::decode(bytes); }
};

Response challenge(std::string_view nonce, std::optional<PasswordAlgorithms> list) {
    Response r;
    MessageBuilder b(r.bytes, {Method::Allocate, MessageClass::ErrorResponse}, TransactionId{});
    b.add(ErrorCode::of(StunError::Unauthorized)).add(Realm{"example.org"}).add(Nonce{nonce});
    if (list) b.add(*list);
    r.bytes.resize(b.finish()->size());
    return r;
}

}  // namespace

TEST_CASE("a challenge from an RFC 8489 server: echo the list, take its first supported algorithm, hash the name") {
    const auto r = read_challenge(challenge(kCookieBoth, offered_algorithms(AlgorithmOffer::Md5First)).message(), kBoth);
    REQUIRE(r);
    CHECK(r->realm == "example.org");
    CHECK(r->nonce == kCookieBoth);
    CHECK(r->algorithm == PasswordAlgorithmId::Md5);  // first in the server's order, not the client's
    CHECK(r->userhash);
    CHECK(r->algorithms == std::vector<std::uint8_t>{0, 1, 0, 0, 0, 2, 0, 0});
    const auto sha = read_challenge(challenge(kCookiePa, offered_algorithms(AlgorithmOffer::Md5First)).message(),
                                    kSha256Only);
    REQUIRE(sha);
    CHECK(sha->algorithm == PasswordAlgorithmId::Sha256);
    CHECK_FALSE(sha->userhash);
}

TEST_CASE("a challenge from an RFC 5389 server: USERNAME and MD5, no new attributes") {
    const auto r = read_challenge(challenge("f//499k954d6OL34oL9FSTvy64sA", std::nullopt).message(), kBoth);
    REQUIRE(r);
    CHECK_FALSE(r->algorithm);
    CHECK(r->key_algorithm() == PasswordAlgorithmId::Md5);
    CHECK(r->algorithms.empty());
    CHECK_FALSE(r->userhash);
}

TEST_CASE("a cookie that offers PASSWORD-ALGORITHMS without the list is a bid-down: no retry") {
    CHECK(read_challenge(challenge(kCookiePa, std::nullopt).message(), kBoth).error() ==
          ChallengeRefusal::AlgorithmsStripped);
}

TEST_CASE("a list with nothing the client supports: no retry") {
    CHECK(read_challenge(challenge(kCookiePa, offered_algorithms(AlgorithmOffer::Md5Only)).message(), kSha256Only)
              .error() == ChallengeRefusal::NoSupportedAlgorithm);
}

TEST_CASE("a response without REALM or NONCE, or with a broken list, is no challenge to answer") {
    Response r;
    MessageBuilder b(r.bytes, {Method::Allocate, MessageClass::ErrorResponse}, TransactionId{});
    b.add(ErrorCode::of(StunError::Unauthorized)).add(Realm{"example.org"});
    r.bytes.resize(b.finish()->size());
    CHECK(read_challenge(r.message(), kBoth).error() == ChallengeRefusal::NotAChallenge);

    Response broken;
    MessageBuilder c(broken.bytes, {Method::Allocate, MessageClass::ErrorResponse}, TransactionId{});
    c.add(Realm{"example.org"}).add(Nonce{kCookiePa});
    c.add_raw(static_cast<std::uint16_t>(AttrType::PasswordAlgorithms), std::array<std::uint8_t, 4>{0, 2, 0, 9});
    broken.bytes.resize(c.finish()->size());
    CHECK(read_challenge(broken.message(), kBoth).error() == ChallengeRefusal::MalformedAlgorithms);
}
