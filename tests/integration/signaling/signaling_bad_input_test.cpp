// Bad WebSocket input to the real turnsignal, one test per kind: each gets
// its documented answer (an HTTP status, an error message or a close code),
// is logged, and the server carries on serving others.
#include <catch2/catch.hpp>

#include "signal_process.hpp"
#include "ws_test_client.hpp"

using namespace turn::itest;
using namespace turn::signaling;

namespace {

constexpr std::string_view kKey = "dGhlIHNhbXBsZSBub25jZQ==";

// Sends a handshake with `extra` lines (or a whole `request`) and returns the status.
int upgrade_status(std::uint16_t port, const std::string& request) {
    TestConnection c = TestConnection::open(port);
    const auto reply = http_exchange(c, request);
    REQUIRE(reply);
    return reply->status;
}

// The server still works: a fresh client can join.
void still_serving(const SignalProcess& signal) {
    WsClient fresh(signal.port());
    join(fresh, "after");
}

std::string error_code_of(WsClient& c) {
    const json::Value reply = c.receive();
    CHECK(text_of(reply, "type") == "error");
    CHECK_FALSE(text_of(reply, "message").empty());
    return text_of(reply, "code");
}

}  // namespace

TEST_CASE("turnsignal bad input: a plain GET of /ws is 426 Upgrade Required") {
    SignalProcess signal;
    const HttpReply r = http_get(signal.port(), "/ws");
    CHECK(r.status == 426);
    CHECK(r.header("Upgrade") == std::optional<std::string_view>("websocket"));
}

TEST_CASE("turnsignal bad input: a missing or malformed Sec-WebSocket-Key is 400") {
    SignalProcess signal;
    const std::string no_key = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                               "Sec-WebSocket-Version: 13\r\n\r\n";
    CHECK(upgrade_status(signal.port(), no_key) == 400);
    CHECK(upgrade_status(signal.port(), upgrade_request(signal.port(), "too-short")) == 400);
    CHECK(upgrade_status(signal.port(), upgrade_request(signal.port(), "!!!!!!!!!!!!!!!!!!!!!!==")) == 400);
    still_serving(signal);
}

TEST_CASE("turnsignal bad input: a WebSocket version other than 13 is 426 naming 13") {
    SignalProcess signal;
    std::string request = upgrade_request(signal.port(), kKey);
    request.replace(request.find("Version: 13"), 11, "Version: 8");
    TestConnection c = TestConnection::open(signal.port());
    const auto reply = http_exchange(c, request);
    REQUIRE(reply);
    CHECK(reply->status == 426);
    CHECK(reply->header("Sec-WebSocket-Version") == std::optional<std::string_view>("13"));
}

TEST_CASE("turnsignal bad input: an Origin not allowed is 403, a listed one is accepted") {
    SignalProcess signal({{"signaling-allowed-origin=https://app.example"}});
    CHECK(upgrade_status(signal.port(), upgrade_request(signal.port(), kKey, "Origin: https://evil.example\r\n")) == 403);
    CHECK(upgrade_status(signal.port(), upgrade_request(signal.port(), kKey, "Origin: null\r\n")) == 403);
    CHECK(upgrade_status(signal.port(), upgrade_request(signal.port(), kKey, "Origin: https://app.example\r\n")) == 101);
    CHECK(http_get(signal.port(), "/api/ice-servers", "Origin: https://evil.example\r\n").status == 403);
    const HttpReply cross = http_get(signal.port(), "/api/ice-servers", "Origin: https://app.example\r\n");
    CHECK(cross.status == 200);
    CHECK(cross.header("Access-Control-Allow-Origin") == std::optional<std::string_view>("https://app.example"));
    CHECK(signal.log().find("GET /ws: 403") != std::string::npos);
}

TEST_CASE("turnsignal bad input: beyond signaling-max-clients the upgrade is 503") {
    SignalProcess signal({{"signaling-max-clients=2"}});
    WsClient a(signal.port());
    WsClient b(signal.port());
    CHECK(upgrade_status(signal.port(), upgrade_request(signal.port(), kKey)) == 503);
}

TEST_CASE("turnsignal bad input: malformed JSON and unknown types get an error message, the connection stays") {
    SignalProcess signal;
    WsClient c(signal.port());
    c.send("{\"type\":");
    CHECK(error_code_of(c) == "bad-json");
    c.send(R"({"type":"dance"})");
    CHECK(error_code_of(c) == "unknown-type");
    c.send(R"({"type":"join","room":""})");
    CHECK(error_code_of(c) == "bad-message");
    c.send(R"(["not","an","object"])");
    CHECK(error_code_of(c) == "bad-message");
    c.send(R"({"type":"signal","to":"x","data":1})");
    CHECK(error_code_of(c) == "not-joined");
    join(c, "fine");
    CHECK(signal.log().find("bad-json") != std::string::npos);
}

TEST_CASE("turnsignal bad input: an unmasked client frame is closed with 1002") {
    SignalProcess signal;
    WsClient c(signal.port());
    c.send_raw(ws::server_frame(ws::Opcode::Text, R"({"type":"leave"})"));
    CHECK(c.close_code() == 1002);
    CHECK(c.closed_within(2s));
    CHECK(signal.log().find("unmasked client frame") != std::string::npos);
    still_serving(signal);
}

TEST_CASE("turnsignal bad input: reserved bits, reserved opcodes and bad control frames are closed with 1002") {
    SignalProcess signal;
    const ws::MaskKey key{1, 2, 3, 4};
    for (const std::string& frame : {ws::encode_frame({ws::Opcode::Text, true, 0x4, key}, "{}"),
                                     ws::client_frame(static_cast<ws::Opcode>(0x3), "x", key),
                                     ws::client_frame(ws::Opcode::Ping, std::string(126, 'p'), key),
                                     ws::client_frame(ws::Opcode::Ping, "p", key, false),
                                     ws::client_frame(ws::Opcode::Continuation, "x", key)}) {
        WsClient c(signal.port());
        c.send_raw(frame);
        CHECK(c.close_code() == 1002);
    }
    still_serving(signal);
}

TEST_CASE("turnsignal bad input: a message over signaling-max-message-size is closed with 1009") {
    SignalProcess signal({{"signaling-max-message-size=2048"}});
    WsClient whole(signal.port());
    whole.send(std::string(3000, ' '));
    CHECK(whole.close_code() == 1009);
    WsClient pieces(signal.port());
    pieces.send_frame(ws::Opcode::Text, std::string(1500, ' '), false);
    pieces.send_frame(ws::Opcode::Continuation, std::string(1500, ' '), true);
    CHECK(pieces.close_code() == 1009);
    // Just the header of a 1 GiB frame: refused without waiting for it.
    WsClient huge(signal.port());
    huge.send_raw(std::string("\x81\xff\x00\x00\x00\x00\x40\x00\x00\x00\x01\x02\x03\x04", 14));
    CHECK(huge.close_code() == 1009);
    still_serving(signal);
}

TEST_CASE("turnsignal bad input: a message fragmented forever is closed with 1008") {
    SignalProcess signal;
    WsClient c(signal.port());
    c.send_frame(ws::Opcode::Text, "", false);
    for (int i = 0; i < 200; ++i) c.send_frame(ws::Opcode::Continuation, "", false);
    CHECK(c.close_code() == 1008);
}

TEST_CASE("turnsignal bad input: binary messages are closed with 1003, text that is not UTF-8 with 1007") {
    SignalProcess signal;
    WsClient binary(signal.port());
    binary.send_frame(ws::Opcode::Binary, "\x01\x02");
    CHECK(binary.close_code() == 1003);
    WsClient latin1(signal.port());
    latin1.send_frame(ws::Opcode::Text, "{\"type\":\"join\",\"room\":\"caf\xE9\"}");
    CHECK(latin1.close_code() == 1007);
}

TEST_CASE("turnsignal bad input: more frames a second than signaling-message-rate is closed with 1008") {
    SignalProcess signal({{"signaling-message-rate=5"}});
    WsClient c(signal.port());
    for (int i = 0; i < 40; ++i) c.send_frame(ws::Opcode::Ping, "");
    std::optional<std::uint16_t> code;
    for (int i = 0; i < 50 && !code; ++i) {
        auto event = c.next(2s);
        if (!event) break;
        if (const auto* close = std::get_if<ws::CloseRequest>(&*event)) code = close->code;
    }
    CHECK(code == 1008);
    CHECK(signal.log().find("message rate exceeded") != std::string::npos);
}

TEST_CASE("turnsignal bad input: pings are answered with pongs carrying the same data") {
    SignalProcess signal;
    WsClient c(signal.port());
    c.send_frame(ws::Opcode::Ping, "are you there");
    const auto event = c.next();
    REQUIRE(event);
    REQUIRE(std::holds_alternative<ws::Pong>(*event));
    CHECK(std::get<ws::Pong>(*event).payload == "are you there");
}
