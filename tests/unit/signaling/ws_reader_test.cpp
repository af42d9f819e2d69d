// WebSocket messages from frames (RFC 6455 §5.4-§5.6, §7): what a server
// makes of a client's bytes, and which status code ends a broken stream.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "signaling/ws_reader.hpp"

using namespace turn::signaling;
using namespace turn::signaling::ws;

namespace {

const MaskKey kKey{0xA1, 0xB2, 0xC3, 0xD4};

std::string client_frame(Opcode op, std::string_view payload, bool fin = true) {
    return ws::client_frame(op, payload, kKey, fin);
}

// Feeds `stream` to a reader and collects every event, as the server's read
// loop does; stops after a Failure.
std::vector<Event> read_all(MessageReader& reader, const std::string& stream) {
    std::vector<Event> events;
    std::span<const std::uint8_t> rest(reinterpret_cast<const std::uint8_t*>(stream.data()), stream.size());
    for (;;) {
        const ReadStep step = reader.read(rest);
        if (step.event) events.push_back(*step.event);
        if (step.event && std::holds_alternative<Failure>(*step.event)) break;
        if (step.consumed == 0) break;
        rest = rest.subspan(step.consumed);
    }
    return events;
}

std::vector<Event> read_all(const std::string& stream, ReaderLimits limits = {}) {
    MessageReader reader(limits);
    return read_all(reader, stream);
}

CloseCode failure_code(const std::string& stream, ReaderLimits limits = {}) {
    const auto events = read_all(stream, limits);
    REQUIRE_FALSE(events.empty());
    REQUIRE(std::holds_alternative<Failure>(events.back()));
    return std::get<Failure>(events.back()).code;
}

std::string text_of(const Event& e) {
    REQUIRE(std::holds_alternative<Message>(e));
    return std::get<Message>(e).data;
}

}  // namespace

TEST_CASE("WebSocket reader: a masked text frame is one unmasked message") {
    const auto events = read_all(client_frame(Opcode::Text, "{\"type\":\"leave\"}"));
    REQUIRE(events.size() == 1);
    CHECK(text_of(events[0]) == "{\"type\":\"leave\"}");
    CHECK(std::get<Message>(events[0]).text);
}

TEST_CASE("WebSocket reader: an unmasked client frame fails with 1002 (section 5.1)") {
    CHECK(failure_code(server_frame(Opcode::Text, "hi")) == CloseCode::ProtocolError);
}

TEST_CASE("WebSocket reader: a fragmented message is joined, with control frames between its fragments") {
    const std::string stream = client_frame(Opcode::Text, "Hel", false) + client_frame(Opcode::Ping, "p1") +
                               client_frame(Opcode::Continuation, "lo ", false) + client_frame(Opcode::Pong, "") +
                               client_frame(Opcode::Continuation, "world", true);
    const auto events = read_all(stream);
    REQUIRE(events.size() == 3);
    REQUIRE(std::holds_alternative<Ping>(events[0]));
    CHECK(std::get<Ping>(events[0]).payload == "p1");
    CHECK(std::holds_alternative<Pong>(events[1]));
    CHECK(text_of(events[2]) == "Hello world");
}

TEST_CASE("WebSocket reader: bytes that arrive one at a time make the same messages") {
    const std::string stream = client_frame(Opcode::Text, std::string(300, 'x')) + client_frame(Opcode::Text, "second");
    MessageReader reader;
    std::string buffered;
    std::vector<std::string> messages;
    for (char c : stream) {
        buffered += c;
        for (;;) {
            const ReadStep step = reader.read({reinterpret_cast<const std::uint8_t*>(buffered.data()), buffered.size()});
            if (step.event) messages.push_back(text_of(*step.event));
            if (step.consumed == 0) break;
            buffered.erase(0, step.consumed);
        }
    }
    CHECK(messages == std::vector<std::string>{std::string(300, 'x'), "second"});
}

TEST_CASE("WebSocket reader: fragmentation errors fail with 1002 (section 5.4)") {
    SECTION("a continuation with no message started") {
        CHECK(failure_code(client_frame(Opcode::Continuation, "x")) == CloseCode::ProtocolError);
    }
    SECTION("a new text frame inside a fragmented message") {
        CHECK(failure_code(client_frame(Opcode::Text, "a", false) + client_frame(Opcode::Text, "b")) ==
              CloseCode::ProtocolError);
    }
    SECTION("a fragmented control frame") {
        CHECK(failure_code(client_frame(Opcode::Ping, "a", false)) == CloseCode::ProtocolError);
    }
}

TEST_CASE("WebSocket reader: control frames over 125 bytes fail with 1002 (section 5.5)") {
    CHECK(read_all(client_frame(Opcode::Ping, std::string(125, 'p'))).size() == 1);
    CHECK(failure_code(client_frame(Opcode::Ping, std::string(126, 'p'))) == CloseCode::ProtocolError);
}

TEST_CASE("WebSocket reader: reserved bits and reserved opcodes fail with 1002") {
    CHECK(failure_code(encode_frame({Opcode::Text, true, 0x4, kKey}, "x")) == CloseCode::ProtocolError);
    for (std::uint8_t op : {0x3, 0x7, 0xB, 0xF}) {
        INFO("opcode " << int(op));
        CHECK(failure_code(ws::client_frame(static_cast<Opcode>(op), "x", kKey)) == CloseCode::ProtocolError);
    }
}

TEST_CASE("WebSocket reader: a message over the size limit fails with 1009, from its header alone") {
    ReaderLimits limits;
    limits.max_message = 1000;
    CHECK(read_all(client_frame(Opcode::Text, std::string(1000, 'a')), limits).size() == 1);
    // Only the header of a huge frame has arrived: the reader does not wait for the rest.
    const std::string huge = client_frame(Opcode::Text, std::string(70000, 'a')).substr(0, 14);
    CHECK(failure_code(huge, limits) == CloseCode::MessageTooBig);
    // Fragments that add up to more than the limit.
    const std::string parts = client_frame(Opcode::Text, std::string(600, 'a'), false) +
                              client_frame(Opcode::Continuation, std::string(401, 'a'));
    CHECK(failure_code(parts, limits) == CloseCode::MessageTooBig);
}

TEST_CASE("WebSocket reader: a message that is fragmented forever fails with 1008") {
    ReaderLimits limits;
    limits.max_fragments = 4;
    std::string ok = client_frame(Opcode::Text, "", false);
    for (int i = 0; i < 2; ++i) ok += client_frame(Opcode::Continuation, "", false);
    CHECK(text_of(read_all(ok + client_frame(Opcode::Continuation, "end"), limits).back()) == "end");
    std::string endless = client_frame(Opcode::Text, "", false);
    for (int i = 0; i < 10; ++i) endless += client_frame(Opcode::Continuation, "", false);
    CHECK(failure_code(endless, limits) == CloseCode::PolicyViolation);
}

TEST_CASE("WebSocket reader: text that is not UTF-8 fails with 1007 (section 8.1)") {
    CHECK(failure_code(client_frame(Opcode::Text, "\xC3\x28")) == CloseCode::InvalidPayload);
    // A code point split across fragments is fine.
    const auto events = read_all(client_frame(Opcode::Text, "\xE2\x82", false) + client_frame(Opcode::Continuation, "\xAC"));
    CHECK(text_of(events.back()) == "\xE2\x82\xAC");
    // Binary messages are not checked.
    CHECK(std::holds_alternative<Message>(read_all(client_frame(Opcode::Binary, "\xC3\x28")).back()));
}

TEST_CASE("WebSocket reader: close frames carry a code and a UTF-8 reason (section 5.5.1)") {
    SECTION("code and reason") {
        const auto events = read_all(client_frame(Opcode::Close, close_payload(CloseCode::GoingAway, "tab closed")));
        REQUIRE(std::holds_alternative<CloseRequest>(events.back()));
        CHECK(std::get<CloseRequest>(events.back()).code == 1001);
        CHECK(std::get<CloseRequest>(events.back()).reason == "tab closed");
    }
    SECTION("an empty close means no status (1005)") {
        const auto events = read_all(client_frame(Opcode::Close, ""));
        CHECK(std::get<CloseRequest>(events.back()).code == 1005);
    }
    SECTION("a one-byte body, a code nobody may send, or a reason that is not UTF-8") {
        CHECK(failure_code(client_frame(Opcode::Close, "\x03")) == CloseCode::ProtocolError);
        CHECK(failure_code(client_frame(Opcode::Close, close_payload(1005, ""))) == CloseCode::ProtocolError);
        CHECK(failure_code(client_frame(Opcode::Close, close_payload(999, ""))) == CloseCode::ProtocolError);
        CHECK(failure_code(client_frame(Opcode::Close, close_payload(1000, "\xFF"))) == CloseCode::InvalidPayload);
    }
}

TEST_CASE("WebSocket reader: after a failure every read fails the same way") {
    MessageReader reader;
    read_all(reader, server_frame(Opcode::Text, "unmasked"));
    const std::string good = client_frame(Opcode::Text, "fine");
    const ReadStep step = reader.read({reinterpret_cast<const std::uint8_t*>(good.data()), good.size()});
    REQUIRE(step.event);
    CHECK(std::get<Failure>(*step.event).code == CloseCode::ProtocolError);
    CHECK(step.consumed == 0);
}
