// WebSocket frame headers, masking and encoding (RFC 6455 §5.2, §5.3, §5.7).
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "signaling/ws_frame.hpp"

using namespace turn::signaling::ws;

namespace {

std::span<const std::uint8_t> bytes_of(const std::string& s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

FrameHeader header_of(const std::string& frame) {
    const auto parsed = parse_header(bytes_of(frame));
    REQUIRE(std::holds_alternative<FrameHeader>(parsed));
    return std::get<FrameHeader>(parsed);
}

}  // namespace

TEST_CASE("WebSocket: RFC 6455 section 5.7's unmasked and masked 'Hello' frames") {
    const std::string unmasked("\x81\x05\x48\x65\x6c\x6c\x6f", 7);
    const std::string masked("\x81\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58", 11);
    CHECK(server_frame(Opcode::Text, "Hello") == unmasked);
    CHECK(client_frame(Opcode::Text, "Hello", MaskKey{0x37, 0xfa, 0x21, 0x3d}) == masked);

    const FrameHeader h = header_of(masked);
    CHECK(h.fin);
    CHECK(h.opcode == 0x1);
    REQUIRE(h.mask);
    CHECK(*h.mask == MaskKey{0x37, 0xfa, 0x21, 0x3d});
    CHECK(h.payload_length == 5);
    CHECK(h.header_size == 6);
}

TEST_CASE("WebSocket: section 5.7's fragmented text message and ping/pong examples") {
    CHECK(server_frame(Opcode::Text, "Hel", false) == std::string("\x01\x03\x48\x65\x6c", 5));
    CHECK(server_frame(Opcode::Continuation, "lo") == std::string("\x80\x02\x6c\x6f", 4));
    CHECK(server_frame(Opcode::Ping, "Hello") == std::string("\x89\x05\x48\x65\x6c\x6c\x6f", 7));
    CHECK(client_frame(Opcode::Pong, "Hello", MaskKey{0x37, 0xfa, 0x21, 0x3d}) ==
          std::string("\x8a\x85\x37\xfa\x21\x3d\x7f\x9f\x4d\x51\x58", 11));
}

TEST_CASE("WebSocket: payload lengths 125, 126, 65535 and 65536 use the 7, 16 and 64-bit forms") {
    struct Case {
        std::size_t length;
        std::size_t header_size;
        std::string length_bytes;
    };
    const Case cases[] = {
        {0, 2, std::string("\x00", 1)},
        {125, 2, "\x7d"},
        {126, 4, std::string("\x7e\x00\x7e", 3)},
        {65535, 4, "\x7e\xff\xff"},
        {65536, 10, std::string("\x7f\x00\x00\x00\x00\x00\x01\x00\x00", 9)},
    };
    for (const auto& c : cases) {
        INFO("length " << c.length);
        const std::string frame = server_frame(Opcode::Binary, std::string(c.length, 'x'));
        CHECK(frame.size() == c.header_size + c.length);
        CHECK(frame.substr(1, c.header_size - 1) == c.length_bytes);
        const FrameHeader h = header_of(frame);
        CHECK(h.payload_length == c.length);
        CHECK(h.header_size == c.header_size);
        // Masked, the same lengths grow the header by the 4-byte key.
        const std::string masked = client_frame(Opcode::Binary, std::string(c.length, 'x'), MaskKey{1, 2, 3, 4});
        CHECK(header_of(masked).header_size == c.header_size + 4);
        CHECK(header_of(masked).payload_length == c.length);
    }
}

TEST_CASE("WebSocket: a header split anywhere asks for more bytes") {
    const std::string frame = client_frame(Opcode::Text, std::string(70000, 'a'), MaskKey{9, 9, 9, 9});
    for (std::size_t cut = 0; cut < 14; ++cut) {
        INFO("cut at " << cut);
        CHECK(std::holds_alternative<NeedMore>(parse_header(bytes_of(frame).first(cut))));
    }
    CHECK(std::holds_alternative<FrameHeader>(parse_header(bytes_of(frame).first(14))));
}

TEST_CASE("WebSocket: lengths not in the shortest form, or with the top bit set, are malformed") {
    const std::string short_in_16(std::string("\x82\x7e\x00\x05", 4));
    CHECK(std::get<HeaderError>(parse_header(bytes_of(short_in_16))) == HeaderError::NonMinimalLength);
    const std::string short_in_64(std::string("\x82\x7f\x00\x00\x00\x00\x00\x00\xff\xff", 10));
    CHECK(std::get<HeaderError>(parse_header(bytes_of(short_in_64))) == HeaderError::NonMinimalLength);
    const std::string top_bit(std::string("\x82\x7f\x80\x00\x00\x00\x00\x00\x00\x00", 10));
    CHECK(std::get<HeaderError>(parse_header(bytes_of(top_bit))) == HeaderError::LengthHighBit);
}

TEST_CASE("WebSocket: masking is its own inverse and follows the payload offset") {
    std::vector<std::uint8_t> data{'a', 'b', 'c', 'd', 'e', 'f', 'g'};
    const auto original = data;
    const MaskKey key{0x01, 0x02, 0x03, 0x04};
    apply_mask(data, key);
    CHECK(data[0] == ('a' ^ 0x01));
    CHECK(data[4] == ('e' ^ 0x01));
    CHECK(data[6] == ('g' ^ 0x03));
    // Unmasking in two pieces at their offsets gives the same bytes.
    apply_mask(std::span(data).first(3), key, 0);
    apply_mask(std::span(data).subspan(3), key, 3);
    CHECK(data == original);
}

TEST_CASE("WebSocket: close payloads carry the code in network order, then the reason") {
    CHECK(close_payload(CloseCode::GoingAway, "bye") == std::string("\x03\xe9" "bye", 5));
    CHECK(close_payload(CloseCode::MessageTooBig, "") == std::string("\x03\xf1", 2));
}

TEST_CASE("WebSocket: which close codes a peer may send (section 7.4)") {
    for (std::uint16_t ok : {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 4999}) {
        INFO(ok);
        CHECK(is_valid_received_close_code(ok));
    }
    for (std::uint16_t bad : {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535}) {
        INFO(bad);
        CHECK_FALSE(is_valid_received_close_code(bad));
    }
}
