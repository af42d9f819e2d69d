// ChannelData (RFC 8656 §12.4): the 4-byte framing that replaces a 36-byte
// Send/Data indication once a channel is bound.
//
//   0                   1                   2                   3
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  |         Channel Number        |            Length             |
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//  /                       Application Data                        /
//  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// Over TCP/TLS the message is padded to a multiple of 4 (RFC 8656 §12.5);
// over UDP the padding is optional.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "protocol/result.hpp"

namespace turn::proto {

inline constexpr std::size_t kChannelDataHeaderSize = 4;
inline constexpr std::uint16_t kMinChannel = 0x4000;
// RFC 8656 §12 narrowed RFC 5766's 0x4000-0x7FFF to 0x4FFF, reserving the
// rest. RFC 5766 clients still pick numbers up to 0x7FFF (coturn's own
// turnutils_uclient binds 0x75d5, for one), and coturn accepts them, so this
// server does too: a deliberate deviation, listed in the README.
inline constexpr std::uint16_t kMaxChannel = 0x7FFF;

constexpr bool is_valid_channel_number(std::uint16_t n) { return n >= kMinChannel && n <= kMaxChannel; }

struct ChannelData {
    std::uint16_t channel = 0;
    std::span<const std::uint8_t> payload;
};

enum class ChannelDataError : std::uint8_t {
    TooShort,        // fewer than 4 bytes
    NotChannelData,  // the first two bits are not 01
    LengthOverrun,   // the length field claims more bytes than there are
    TrailingBytes,   // more left over than 3 bytes of padding
};

std::string_view channel_data_error_name(ChannelDataError e);

// Decodes one datagram (or one frame cut by the stream framer). Bytes after the
// payload are accepted only as padding to the next multiple of 4.
Result<ChannelData, ChannelDataError> decode_channel_data(std::span<const std::uint8_t> bytes);

// Writes the header in front of a payload already in place (headroom), so the
// payload is never copied.
void write_channel_data_header(std::span<std::uint8_t, kChannelDataHeaderSize> out, std::uint16_t channel,
                               std::uint16_t payload_length);

}  // namespace turn::proto
