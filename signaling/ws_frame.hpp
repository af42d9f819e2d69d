// WebSocket frames (RFC 6455 §5.2): the header codec, masking, and encoding.
//
//    0                   1                   2                   3
//    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//   +-+-+-+-+-------+-+-------------+-------------------------------+
//   |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
//   |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
//   |N|V|V|V|       |S|             |   (if payload len==126/127)   |
//   | |1|2|3|       |K|             |                               |
//   +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
//   |     Extended payload length continued, if payload len == 127  |
//   + - - - - - - - - - - - - - - - +-------------------------------+
//   |                               |Masking-key, if MASK set to 1  |
//   +-------------------------------+-------------------------------+
//   | Masking-key (continued)       |          Payload Data         |
//   +-------------------------------- - - - - - - - - - - - - - - - +
//
// Pure functions over bytes: no sockets, no state. The message layer
// (ws_reader.hpp) decides what a frame means.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>

namespace turn::signaling::ws {

// §5.2 opcodes; the others are reserved and fail the connection.
enum class Opcode : std::uint8_t {
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xA,
};

bool is_control(Opcode op);  // §5.5: the opcodes with the high bit set

// §7.4.1 status codes this server sends or checks.
enum class CloseCode : std::uint16_t {
    Normal = 1000,
    GoingAway = 1001,
    ProtocolError = 1002,
    UnsupportedData = 1003,
    NoStatus = 1005,  // never on the wire: a Close frame without a body
    InvalidPayload = 1007,
    PolicyViolation = 1008,
    MessageTooBig = 1009,
    InternalError = 1011,
};

using MaskKey = std::array<std::uint8_t, 4>;

struct FrameHeader {
    bool fin = true;
    std::uint8_t rsv = 0;     // RSV1-3 as the low three bits
    std::uint8_t opcode = 0;  // raw: reserved values are for the reader to refuse
    std::optional<MaskKey> mask;
    std::uint64_t payload_length = 0;
    std::size_t header_size = 0;  // bytes before the payload
};

// Headers that are malformed whatever the frame means (§5.2).
enum class HeaderError : std::uint8_t {
    NonMinimalLength,  // 126 or 127 used for a length the shorter form holds
    LengthHighBit,     // the 64-bit length has its most significant bit set
};

struct NeedMore {};

// The header at the front of `bytes`, or NeedMore when it is not complete yet.
std::variant<NeedMore, FrameHeader, HeaderError> parse_header(std::span<const std::uint8_t> bytes);

// The longest header: 2 bytes, a 64-bit length and a masking key.
inline constexpr std::size_t kMaxHeaderSize = 14;

// Header plus payload size of the frame at the front of `bytes`; nullopt
// until its header is complete (or when the header is malformed).
std::optional<std::uint64_t> frame_size(std::span<const std::uint8_t> bytes);

// XORs `data` with the key (§5.3); `offset` is data's position in the payload.
void apply_mask(std::span<std::uint8_t> data, const MaskKey& key, std::uint64_t offset = 0);

struct FrameSpec {
    Opcode opcode = Opcode::Text;
    bool fin = true;
    std::uint8_t rsv = 0;
    std::optional<MaskKey> mask;  // servers send unmasked frames (§5.1); clients mask
};

// A whole frame: header (shortest length form) then the payload, masked
// when spec.mask is set.
std::string encode_frame(const FrameSpec& spec, std::string_view payload);

// A server's frame: whole, unmasked (§5.1).
std::string server_frame(Opcode op, std::string_view payload, bool fin = true);
// A client's frame, masked with `key`: for test clients.
std::string client_frame(Opcode op, std::string_view payload, const MaskKey& key, bool fin = true);

// A Close frame's payload (§5.5.1): the code in network order, then the reason.
std::string close_payload(CloseCode code, std::string_view reason);
std::string close_payload(std::uint16_t code, std::string_view reason);

// Whether a peer may send this status code in a Close frame (§7.4.1, §7.4.2
// and IANA's registry): 1000-1003, 1007-1014, 3000-4999.
bool is_valid_received_close_code(std::uint16_t code);

}  // namespace turn::signaling::ws
