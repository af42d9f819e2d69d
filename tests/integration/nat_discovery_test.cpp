// RFC 5780 NAT behaviour discovery against the real server on two loopback
// addresses: every attribute checked against the datagram that carried it.
#include <catch2/catch.hpp>

#include "nat_discovery_fixtures.hpp"
#include "stream_client.hpp"

using namespace turn;
using namespace turn::itest;
using namespace turn::proto;

namespace {

Bytes binding_with(const AddAttributes& add) {
    Bytes buf(4096);
    MessageBuilder b(buf, {Method::Binding, MessageClass::Request}, random_tid());
    if (add) add(b);
    const auto out = b.finish();
    return Bytes(out->begin(), out->end());
}

// Sends `request` from `from` to `to` and returns the answer as it came.
Datagram exchange(const UdpEndpoint& from, const TransportAddress& to, const Bytes& request) {
    from.send_to(to, request);
    auto reply = from.receive(kAnswerTimeout);
    REQUIRE(reply);
    REQUIRE(StunMessage::decode(reply->bytes));
    return *reply;
}

// A view of d.bytes: d must outlive it.
StunMessage decoded(const Datagram& d) { return *StunMessage::decode(d.bytes); }

// The answer to `request`, owning its bytes.
StunReply answer_to(const UdpEndpoint& from, const TransportAddress& to, const Bytes& request) {
    return {exchange(from, to, request).bytes};
}

std::vector<std::uint16_t> unknown_attributes(const StunReply& reply) {
    const auto unknown = reply.get<UnknownAttributes>();
    REQUIRE(unknown);
    return {unknown->types.begin(), unknown->types.end()};
}

}  // namespace

TEST_CASE("with two listening IPs a Binding response carries MAPPED-ADDRESS, RESPONSE-ORIGIN and OTHER-ADDRESS") {
    DiscoveryServer d;
    REQUIRE(d.server.log_shows("RFC 5780 NAT behaviour discovery on", kAnswerTimeout));
    const UdpEndpoint client;
    const Datagram reply = exchange(client, d.a1p1(), binding_with({}));
    const auto m = decoded(reply);
    CHECK(m.message_class() == MessageClass::SuccessResponse);
    CHECK(m.get<XorMappedAddress>()->address == client.address());
    CHECK(m.get<MappedAddress>()->address == client.address());
    CHECK(m.get<ResponseOrigin>()->address == d.a1p1());
    CHECK(reply.from == d.a1p1());
    CHECK(m.get<OtherAddress>()->address == d.a2p2());
}

TEST_CASE("CHANGE-REQUEST: the response leaves from the address and port of RFC 5780 Table 1") {
    DiscoveryServer d;
    struct Row {
        bool change_ip, change_port;
        TransportAddress source;
    };
    const std::vector<Row> rows = {{false, false, d.a1p1()}, {true, false, d.a2p1()},
                                   {false, true, d.a1p2()}, {true, true, d.a2p2()}};
    for (const Row& row : rows) {
        const UdpEndpoint client;  // a fresh port per probe, as RFC 5780 §4.1 asks
        const Bytes request =
            binding_with([&](MessageBuilder& b) { b.add(ChangeRequest{row.change_ip, row.change_port}); });
        const Datagram reply = exchange(client, d.a1p1(), request);
        INFO("change IP " << row.change_ip << ", change port " << row.change_port);
        CHECK(reply.from == row.source);
        const auto m = decoded(reply);
        CHECK(m.get<ResponseOrigin>()->address == row.source);
        CHECK(m.get<OtherAddress>()->address == d.a2p2());
        CHECK(m.get<XorMappedAddress>()->address == client.address());
    }
}

TEST_CASE("a request to the alternate address names the primary one as the other address") {
    DiscoveryServer d;
    const UdpEndpoint client;
    const Bytes request = binding_with([](MessageBuilder& b) { b.add(ChangeRequest{true, true}); });
    const Datagram reply = exchange(client, d.a2p2(), request);
    CHECK(reply.from == d.a1p1());
    CHECK(decoded(reply).get<OtherAddress>()->address == d.a1p1());
}

TEST_CASE("RESPONSE-PORT: the response goes to the requester's IP at that port") {
    DiscoveryServer d;
    const UdpEndpoint control;   // sends the request
    const UdpEndpoint listener;  // the port named in RESPONSE-PORT
    const std::uint16_t port = listener.address().port;
    control.send_to(d.a1p1(), binding_with([&](MessageBuilder& b) { b.add(ResponsePort{port}); }));
    const auto reply = listener.receive(kAnswerTimeout);
    REQUIRE(reply);
    CHECK(reply->from == d.a1p1());
    const auto m = *StunMessage::decode(reply->bytes);
    CHECK(m.get<XorMappedAddress>()->address == control.address());
    CHECK_FALSE(control.receive(kSilenceTimeout));
}

TEST_CASE("PADDING: the response is padded as much as the request, and no more") {
    DiscoveryServer d;
    const UdpEndpoint client;
    const Bytes pad(1200, 0x5A);
    const Bytes request = binding_with([&](MessageBuilder& b) { b.add(PaddingAttr{pad}); });
    const Datagram reply = exchange(client, d.a1p1(), request);
    const auto padding = decoded(reply).get<PaddingAttr>();
    REQUIRE(padding);
    CHECK(padding->value.size() == pad.size());
    CHECK(reply.bytes.size() <= request.size() + 64);
}

TEST_CASE("PADDING with RESPONSE-PORT, or RESPONSE-PORT 0, gets 400 at the requester's own port") {
    DiscoveryServer d;
    const UdpEndpoint client;
    const Bytes pad(100, 0);
    const Bytes both = binding_with([&](MessageBuilder& b) { b.add(PaddingAttr{pad}).add(ResponsePort{9}); });
    CHECK(answer_to(client, d.a1p1(), both).error_code() == 400);
    const Bytes zero = binding_with([](MessageBuilder& b) { b.add(ResponsePort{0}); });
    CHECK(answer_to(client, d.a1p1(), zero).error_code() == 400);
}

TEST_CASE("over TCP the response names the TCP listener and its alternate, and a CHANGE-REQUEST gets 400") {
    DiscoveryServer d;
    TurnClient client = tcp_client_of(d.server);
    const auto reply = client.request_once(Method::Binding);
    REQUIRE(reply);
    CHECK(reply->get<ResponseOrigin>()->address == d.a1p1());
    CHECK(reply->get<OtherAddress>()->address == d.a2p2());
    const auto refused =
        client.request_once(Method::Binding, [](MessageBuilder& b) { b.add(ChangeRequest{true, false}); });
    REQUIRE(refused);
    CHECK(refused->error_code() == 400);
}

TEST_CASE("with one listening IP the server has no alternate: CHANGE-REQUEST gets 420, no OTHER-ADDRESS") {
    ServerProcess server({});
    const UdpEndpoint client;
    const StunReply plain = answer_to(client, server.address(), binding_with({}));
    CHECK_FALSE(plain.message().has(AttrType::OtherAddress));
    CHECK_FALSE(plain.message().has(AttrType::ResponseOrigin));
    const StunReply refused = answer_to(client, server.address(),
                                        binding_with([](MessageBuilder& b) { b.add(ChangeRequest{false, true}); }));
    CHECK(refused.error_code() == 420);
    CHECK(unknown_attributes(refused) == std::vector<std::uint16_t>{static_cast<std::uint16_t>(AttrType::ChangeRequest)});
    // Stuntman's probe, an empty CHANGE-REQUEST, is a plain Binding request.
    const StunReply empty =
        answer_to(client, server.address(), binding_with([](MessageBuilder& b) { b.add(ChangeRequest{}); }));
    CHECK(empty.is_success());
}

TEST_CASE("no-rfc5780 turns discovery off even with two listening IPs") {
    DiscoveryServer d({"no-rfc5780"});
    const UdpEndpoint client;
    const StunReply plain = answer_to(client, d.a1p1(), binding_with({}));
    CHECK_FALSE(plain.message().has(AttrType::OtherAddress));
    CHECK_FALSE(plain.message().has(AttrType::MappedAddress));
    const StunReply refused =
        answer_to(client, d.a1p1(), binding_with([](MessageBuilder& b) { b.add(ResponsePort{9}); }));
    CHECK(refused.error_code() == 420);
    CHECK(unknown_attributes(refused) == std::vector<std::uint16_t>{static_cast<std::uint16_t>(AttrType::ResponsePort)});
}
