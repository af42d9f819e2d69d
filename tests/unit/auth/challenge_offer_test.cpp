// RFC 8489 §9.2.4's checks of PASSWORD-ALGORITHM and PASSWORD-ALGORITHMS
// against the list the server sent with the nonce: what a bid-down attempt
// (§9.2.1) looks like by the time it reaches the server, and what is not one.
#include <catch2/catch.hpp>

#include <array>
#include <vector>

#include "auth/challenge_offer.hpp"
#include "protocol/message_builder.hpp"

using namespace turn;
using namespace turn::auth;
using namespace turn::proto;

namespace {

constexpr auto kMd5 = entry_of(PasswordAlgorithmId::Md5);
constexpr auto kSha256 = entry_of(PasswordAlgorithmId::Sha256);

struct Built {
    std::vector<std::uint8_t> bytes;
    StunMessage message() const { return *StunMessage::decode(bytes); }
};

// An Allocate with the given attributes; a list of nullopt is left out.
Built request(std::optional<PasswordAlgorithms> list, std::optional<PasswordAlgorithmEntry> chosen) {
    Built b{std::vector<std::uint8_t>(512)};
    MessageBuilder m(b.bytes, {Method::Allocate, MessageClass::Request}, TransactionId{});
    if (chosen) m.add(PasswordAlgorithm{*chosen});
    if (list) m.add(*list);
    b.bytes.resize(m.finish()->size());
    return b;
}

PasswordAlgorithms list_of(std::initializer_list<PasswordAlgorithmEntry> entries) {
    PasswordAlgorithms l;
    for (const auto& e : entries) l.entries.push_back(e);
    return l;
}

Result<NegotiatedAlgorithm, AlgorithmError> negotiate(const Built& b, std::optional<AlgorithmOffer> offer) {
    return negotiate_password_algorithm(b.message(), offer);
}

}  // namespace

TEST_CASE("the offered lists, in order of preference") {
    CHECK(offered_algorithms(AlgorithmOffer::Md5Only) == list_of({kMd5}));
    CHECK(offered_algorithms(AlgorithmOffer::Sha256First) == list_of({kSha256, kMd5}));
    CHECK(offered_algorithms(AlgorithmOffer::Md5First) == list_of({kMd5, kSha256}));
}

TEST_CASE("echoing the list and choosing from it negotiates that algorithm") {
    const auto offer = AlgorithmOffer::Sha256First;
    const auto sha = negotiate(request(offered_algorithms(offer), kSha256), offer);
    REQUIRE(sha);
    CHECK(*sha == NegotiatedAlgorithm{PasswordAlgorithmId::Sha256, false});
    // Any entry of the list may be chosen, not only the first.
    const auto md5 = negotiate(request(offered_algorithms(offer), kMd5), offer);
    REQUIRE(md5);
    CHECK(*md5 == NegotiatedAlgorithm{PasswordAlgorithmId::Md5, false});
}

TEST_CASE("neither attribute: processed as MD5, as from an RFC 5389 client") {
    const auto r = negotiate(request(std::nullopt, std::nullopt), AlgorithmOffer::Sha256First);
    REQUIRE(r);
    CHECK(*r == NegotiatedAlgorithm{PasswordAlgorithmId::Md5, true});
}

TEST_CASE("without the cookie's bit nothing is checked") {
    const auto r = negotiate(request(list_of({kMd5}), kSha256), std::nullopt);
    REQUIRE(r);
    CHECK(*r == NegotiatedAlgorithm{PasswordAlgorithmId::Md5, true});
}

TEST_CASE("bid-down: one attribute of the pair stripped") {
    const auto offer = AlgorithmOffer::Sha256First;
    CHECK(negotiate(request(std::nullopt, kSha256), offer).error() == AlgorithmError::Incomplete);
    CHECK(negotiate(request(offered_algorithms(offer), std::nullopt), offer).error() == AlgorithmError::Incomplete);
}

TEST_CASE("bid-down: a list other than the one sent with the nonce") {
    const auto offer = AlgorithmOffer::Sha256First;
    // SHA-256 removed on the way to the client, which then chose MD5.
    CHECK(negotiate(request(list_of({kMd5}), kMd5), offer).error() == AlgorithmError::ListMismatch);
    // Reordered, so that a client takes MD5 first.
    CHECK(negotiate(request(list_of({kMd5, kSha256}), kMd5), offer).error() == AlgorithmError::ListMismatch);
    // Extended, and empty.
    CHECK(negotiate(request(list_of({kSha256, kMd5, kMd5}), kSha256), offer).error() == AlgorithmError::ListMismatch);
    CHECK(negotiate(request(list_of({}), kSha256), offer).error() == AlgorithmError::ListMismatch);
}

TEST_CASE("a PASSWORD-ALGORITHM not in the list, unknown ones included, is refused") {
    constexpr std::uint8_t kParams[] = {0, 0, 0, 1};
    const auto offer = AlgorithmOffer::Md5Only;
    CHECK(negotiate(request(offered_algorithms(offer), kSha256), offer).error() == AlgorithmError::NotOffered);
    CHECK(negotiate(request(offered_algorithms(offer), PasswordAlgorithmEntry{0x0003, {}}), offer).error() ==
          AlgorithmError::NotOffered);
    // MD5 with parameters is not the entry that was offered (§18.5.1.1: none).
    CHECK(negotiate(request(offered_algorithms(offer), PasswordAlgorithmEntry{0x0001, kParams}), offer).error() ==
          AlgorithmError::NotOffered);
}

TEST_CASE("malformed PASSWORD-ALGORITHM(S) values are refused") {
    const auto offer = AlgorithmOffer::Sha256First;
    std::vector<std::uint8_t> bytes(512);
    MessageBuilder m(bytes, {Method::Allocate, MessageClass::Request}, TransactionId{});
    m.add_raw(static_cast<std::uint16_t>(AttrType::PasswordAlgorithm), std::array<std::uint8_t, 2>{0, 2});
    m.add(offered_algorithms(offer));
    bytes.resize(m.finish()->size());
    CHECK(negotiate_password_algorithm(*StunMessage::decode(bytes), offer).error() == AlgorithmError::Malformed);
}
