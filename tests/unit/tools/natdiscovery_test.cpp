// The NAT discovery client's reasoning (RFC 5780 §4.3, §4.4) and its reading
// of a Binding response, without sockets.
#include <catch2/catch.hpp>

#include "protocol/attributes.hpp"
#include "protocol/message_builder.hpp"
#include "tools/natdiscovery/discovery.hpp"

using namespace turn;
using namespace turn::proto;
using namespace turn::tools;

namespace {

TransportAddress at(const char* ip, std::uint16_t port) { return *TransportAddress::parse(ip, port); }

}  // namespace

TEST_CASE("mapping: no NAT when test I maps to the local address, else tests II and III decide") {
    const auto local = at("10.0.0.2", 4000);
    const auto m1 = at("203.0.113.5", 62000);
    const auto m2 = at("203.0.113.5", 62001);
    CHECK(mapping_behaviour(local, local, local, std::nullopt) == Behaviour::NoNat);
    CHECK(mapping_behaviour(local, m1, m1, std::nullopt) == Behaviour::EndpointIndependent);
    CHECK(mapping_behaviour(local, m1, m2, m2) == Behaviour::AddressDependent);
    CHECK(mapping_behaviour(local, m1, m2, at("203.0.113.5", 62002)) == Behaviour::AddressAndPortDependent);
}

TEST_CASE("filtering: test II answered is endpoint-independent, only test III address-dependent") {
    CHECK(filtering_behaviour(true, false) == Behaviour::EndpointIndependent);
    CHECK(filtering_behaviour(false, true) == Behaviour::AddressDependent);
    CHECK(filtering_behaviour(false, false) == Behaviour::AddressAndPortDependent);
    CHECK(behaviour_name(Behaviour::NoNat) == "endpoint-independent (no NAT)");
}

TEST_CASE("a probe carries CHANGE-REQUEST only when it asks for a change, and PADDING when asked") {
    const TransactionId tid{};
    const auto plain_bytes = probe_request(tid, {});
    const auto plain = StunMessage::decode(plain_bytes);  // a view of plain_bytes
    REQUIRE(plain);
    CHECK_FALSE(plain->has(AttrType::ChangeRequest));
    CHECK_FALSE(plain->has(AttrType::Padding));
    const auto changed_bytes = probe_request(tid, {true, false, 1500});
    const auto changed = StunMessage::decode(changed_bytes);
    REQUIRE(changed);
    CHECK(changed->get<ChangeRequest>()->change_ip);
    CHECK_FALSE(changed->get<ChangeRequest>()->change_port);
    CHECK(changed->find(AttrType::Padding)->length == 1500);
}

TEST_CASE("an answer is read from a success response, and an error response says its code") {
    std::vector<std::uint8_t> buf(256);
    MessageBuilder ok(buf, {Method::Binding, MessageClass::SuccessResponse}, TransactionId{});
    ok.add(XorMappedAddress{at("192.0.2.9", 5000)}).add(OtherAddress{at("192.0.2.2", 3479)});
    const auto answer = read_answer(*StunMessage::decode(*ok.finish()), at("192.0.2.1", 3478));
    REQUIRE(answer);
    CHECK(answer->mapped == at("192.0.2.9", 5000));
    CHECK(answer->other == at("192.0.2.2", 3479));
    CHECK_FALSE(answer->origin);
    CHECK(describe(*answer) == "response from 192.0.2.1:3478: mapped 192.0.2.9:5000, OTHER-ADDRESS 192.0.2.2:3479");

    std::vector<std::uint8_t> err_buf(256);
    MessageBuilder err(err_buf, {Method::Binding, MessageClass::ErrorResponse}, TransactionId{});
    err.add(ErrorCode::of(StunError::UnknownAttribute));
    const auto refused = read_answer(*StunMessage::decode(*err.finish()), at("192.0.2.1", 3478));
    REQUIRE_FALSE(refused);
    CHECK(refused.error() == "error response 420 Unknown Attribute");
}
