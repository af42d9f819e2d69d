// STUN message types: a 12-bit method and a 2-bit class packed into 14 bits.
//
//   0                 1
//   2  3  4 5 6 7 8 9 0 1 2 3 4 5
//  +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
//  |M |M |M|M|M|C|M|M|M|C|M|M|M|M|
//  |11|10|9|8|7|1|6|5|4|0|3|2|1|0|
//  +--+--+-+-+-+-+-+-+-+-+-+-+-+-+        RFC 8489 §5, Figure 3
#pragma once

#include <cstdint>
#include <string_view>

namespace turn::proto {

enum class Method : std::uint16_t {
    Binding = 0x001,            // RFC 8489
    Allocate = 0x003,           // RFC 8656 §17
    Refresh = 0x004,
    Send = 0x006,
    Data = 0x007,
    CreatePermission = 0x008,
    ChannelBind = 0x009,
    Connect = 0x00A,            // RFC 6062 §6.1
    ConnectionBind = 0x00B,
    ConnectionAttempt = 0x00C,
};

enum class MessageClass : std::uint8_t {
    Request = 0b00,
    Indication = 0b01,
    SuccessResponse = 0b10,
    ErrorResponse = 0b11,
};

struct MessageType {
    Method method;
    MessageClass klass;

    friend bool operator==(const MessageType&, const MessageType&) = default;
};

// The 14-bit wire value of a type (the top two bits of the 16-bit field stay 0).
std::uint16_t encode_message_type(MessageType t);
// Any 14-bit value decodes; whether the method is one we know is a separate question.
MessageType decode_message_type(std::uint16_t wire);

bool is_known_method(Method m);
std::string_view method_name(Method m);
std::string_view class_name(MessageClass c);

}  // namespace turn::proto
