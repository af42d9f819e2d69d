// The floor's setup exchange (bench/forwarder/setup_message.hpp): what the
// load client sends and reads back, and everything else a datagram might say.
#include <catch2/catch.hpp>

#include <arpa/inet.h>

#include <string>

#include "bench/forwarder/setup_message.hpp"

using namespace turn::bench::floor;

namespace {

std::span<const std::uint8_t> bytes(const std::string& s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

sockaddr_in address(const char* ip, std::uint16_t port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    inet_pton(AF_INET, ip, &a.sin_addr);
    return a;
}

bool same(const sockaddr_in& a, const sockaddr_in& b) {
    return a.sin_family == b.sin_family && a.sin_port == b.sin_port && a.sin_addr.s_addr == b.sin_addr.s_addr;
}

}  // namespace

TEST_CASE("a HELLO names the peer as a.b.c.d:port and parses back to it") {
    const auto peer = address("127.0.0.1", 40000);
    const std::string hello = format_hello(peer);
    CHECK(hello == "FLOOR-HELLO 127.0.0.1:40000");
    CHECK(is_hello(bytes(hello)));
    const auto parsed = parse_hello(bytes(hello));
    REQUIRE(parsed);
    CHECK(same(*parsed, peer));
}

TEST_CASE("a RELAY reply carries the relay address, an ERROR reply its reason") {
    const auto relay = address("127.0.0.1", 11000);
    const auto ok = parse_reply(bytes(format_relay(relay)));
    REQUIRE(ok.relay);
    CHECK(same(*ok.relay, relay));
    CHECK(ok.error.empty());

    const auto refused = parse_reply(bytes(format_error("flow table full (3 flows)")));
    CHECK_FALSE(refused.relay);
    CHECK(refused.error == "flow table full (3 flows)");
}

TEST_CASE("a HELLO whose peer is not an IPv4 address with a port 1..65535 does not parse") {
    const char* bad[] = {"FLOOR-HELLO ",
                         "FLOOR-HELLO 127.0.0.1",
                         "FLOOR-HELLO 127.0.0.1:",
                         "FLOOR-HELLO 127.0.0.1:0",
                         "FLOOR-HELLO 127.0.0.1:65536",
                         "FLOOR-HELLO 127.0.0.1:99999999999999999999",
                         "FLOOR-HELLO 127.0.0.1:80x",
                         "FLOOR-HELLO 127.0.0.1:-1",
                         "FLOOR-HELLO 1.2.3:80",
                         "FLOOR-HELLO [::1]:80",
                         "FLOOR-HELLO ::1:80",
                         "FLOOR-HELLO localhost:80",
                         "FLOOR-HELLO 127.0.0.1:80 trailing"};
    for (const std::string text : bad) {
        INFO(text);
        CHECK(is_hello(bytes(text)));  // meant as a HELLO, so it gets an error answer
        CHECK_FALSE(parse_hello(bytes(text)));
    }
}

TEST_CASE("a datagram that does not start with the HELLO keyword is not a HELLO") {
    for (const std::string& text : {std::string(), std::string("FLOOR-HELLO"), std::string("floor-hello 127.0.0.1:80"),
                                   std::string("\x7b\x3e\x5a\x11 payload", 12)}) {
        INFO(text);
        CHECK_FALSE(is_hello(bytes(text)));
        CHECK_FALSE(parse_hello(bytes(text)));
    }
}

TEST_CASE("a reply that is neither RELAY nor ERROR, or a RELAY without an address, is reported as such") {
    CHECK(parse_reply(bytes("hello")).error == "not a floor setup reply");
    CHECK(parse_reply(bytes("")).error == "not a floor setup reply");
    const auto malformed = parse_reply(bytes("FLOOR-RELAY nowhere"));
    CHECK_FALSE(malformed.relay);
    CHECK(malformed.error == "malformed FLOOR-RELAY reply");
}
