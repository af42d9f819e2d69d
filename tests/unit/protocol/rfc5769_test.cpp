// RFC 5769: the codec decodes, verifies and re-encodes the four published
// test vectors exactly.
#include <catch2/catch.hpp>

#include "protocol/attributes.hpp"
#include "protocol/credentials.hpp"
#include "protocol/integrity.hpp"
#include "protocol/message.hpp"
#include "protocol/rfc5769_vectors.hpp"
#include "test_bytes.hpp"

using namespace turn::proto;
namespace v = turn::proto::rfc5769;

TEST_CASE("every RFC 5769 check passes") {
    for (const auto& r : v::run_checks()) {
        INFO(r.name << ": " << r.detail);
        CHECK(r.passed);
    }
}

TEST_CASE("RFC 5769 2.1: sample request carries ICE attributes the codec keeps as raw TLVs") {
    auto m = StunMessage::decode(v::sample_request());
    REQUIRE(m);
    // PRIORITY (0x0024) and ICE-CONTROLLED (0x8029) are not TURN attributes.
    CHECK(m->find(static_cast<AttrType>(0x0024)) != nullptr);
    CHECK(m->find(static_cast<AttrType>(0x8029)) != nullptr);
    // PRIORITY is comprehension-required and unknown here: it would be reported.
    const auto unknown = m->unknown_comprehension_required();
    REQUIRE(unknown.types.size() == 1);
    CHECK(unknown.types[0] == 0x0024);
    CHECK(m->get<Fingerprint>()->value == 0xe57a3bcf);
}

TEST_CASE("RFC 5769 2.2 and 2.3: XOR-MAPPED-ADDRESS decodes to 192.0.2.1:32853 and [2001:db8:...]:32853") {
    auto v4 = StunMessage::decode(v::sample_ipv4_response());
    REQUIRE(v4);
    CHECK(v4->get<XorMappedAddress>()->address.to_string() == "192.0.2.1:32853");
    auto v6 = StunMessage::decode(v::sample_ipv6_response());
    REQUIRE(v6);
    CHECK(v6->get<XorMappedAddress>()->address.to_string() == "[2001:db8:1234:5678:11:2233:4455:6677]:32853");
    CHECK(v6->message_class() == MessageClass::SuccessResponse);
}

TEST_CASE("RFC 5769 2.4: the long-term key is MD5(username:realm:password)") {
    const auto key = derive_long_term_key(PasswordAlgorithmId::Md5, v::kLongTermUsername, v::kLongTermRealm,
                                          v::kLongTermPassword);
    CHECK(key.size == 16);
    auto m = StunMessage::decode(v::sample_long_term_request());
    REQUIRE(m);
    CHECK(verify_message_integrity(*m, key.view()) == IntegrityStatus::Valid);
    CHECK(verify_message_integrity_sha256(*m, key.view()) == IntegrityStatus::Missing);
}
