// STUN Binding against the real server (RFC 8489 §7.3), and what it does
// with datagrams that are not STUN at all (§6.3: discard, do not answer).
#include <catch2/catch.hpp>

#include "fixtures.hpp"

using namespace turn;
using namespace turn::itest;
using namespace turn::proto;

TEST_CASE("a Binding request is answered with the client's own address in XOR-MAPPED-ADDRESS") {
    ServerProcess server({});
    TurnClient client(server.address());
    const auto reply = client.request_once(Method::Binding);
    REQUIRE(reply);
    CHECK(reply->is_success());
    const auto mapped = reply->get<XorMappedAddress>();
    REQUIRE(mapped);
    CHECK(mapped->address == client.local_address());
}

TEST_CASE("a Binding request with FINGERPRINT gets an answer with a valid FINGERPRINT") {
    ServerProcess server({});
    TurnClient client(server.address());
    const auto reply = client.request_once(Method::Binding, [](MessageBuilder& b) { b.add_fingerprint(); });
    REQUIRE(reply);  // the codec checks the CRC when it decodes (RFC 8489 §14.7)
    CHECK(reply->is_success());
    CHECK(reply->message().has(AttrType::Fingerprint));
}

TEST_CASE("malformed datagrams get no answer, and the server keeps answering Binding") {
    ServerProcess server({});
    TurnClient client(server.address());
    const Bytes binding_header = {0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xA4, 0x42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    Bytes truncated = binding_header;  // says 8 bytes of attributes follow; 4 do
    truncated[3] = 8;
    truncated.insert(truncated.end(), {0x80, 0x22, 0x00, 0x04});
    Bytes bad_cookie = binding_header;
    bad_cookie[4] = 0xDE;
    const Bytes garbage = {0xFF, 0x00, 0x13, 0x37, 0xDE, 0xAD, 0xBE, 0xEF};
    const Bytes short_header(binding_header.begin(), binding_header.begin() + 12);
    const Bytes* cases[] = {&garbage, &truncated, &bad_cookie, &short_header};
    for (const Bytes* datagram : cases) {
        client.send_raw(*datagram);
        CHECK_FALSE(client.socket().receive(kSilenceTimeout));
    }
    const auto reply = client.request_once(Method::Binding);
    REQUIRE(reply);
    CHECK(reply->is_success());
}

TEST_CASE("over IPv6 a Binding request is answered with the client's IPv6 address") {
    if (skip_without_ipv6()) return;
    ServerProcess server({{kListenIpv6}});
    TurnClient client(ip_port("::1", server.address().port));
    const auto reply = client.request_once(Method::Binding);
    REQUIRE(reply);
    const auto mapped = reply->get<XorMappedAddress>();
    REQUIRE(mapped);
    CHECK(mapped->address == client.local_address());
}

TEST_CASE("with stun-only, TURN requests are ignored and Binding is still answered") {
    // coturn's stun-only: a plain STUN server; a relay here would be an open
    // relay the operator never asked for (this config has no authentication).
    ServerProcess server({{"stun-only"}});
    TurnClient client(server.address());
    CHECK_FALSE(client.allocate());
    const auto reply = client.request_once(Method::Binding);
    REQUIRE(reply);
    CHECK(reply->is_success());
}
