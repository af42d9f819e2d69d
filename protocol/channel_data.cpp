#include "protocol/channel_data.hpp"

#include "protocol/byte_order.hpp"

namespace turn::proto {

Result<ChannelData, ChannelDataError> decode_channel_data(std::span<const std::uint8_t> b) {
    if (b.size() < kChannelDataHeaderSize) return unexpected(ChannelDataError::TooShort);
    if ((b[0] & 0xC0) != 0x40) return unexpected(ChannelDataError::NotChannelData);
    const std::size_t length = load_be16(b.data() + 2);
    const std::size_t available = b.size() - kChannelDataHeaderSize;
    if (length > available) return unexpected(ChannelDataError::LengthOverrun);
    if (available > pad4(length)) return unexpected(ChannelDataError::TrailingBytes);
    return ChannelData{load_be16(b.data()), b.subspan(kChannelDataHeaderSize, length)};
}

void write_channel_data_header(std::span<std::uint8_t, kChannelDataHeaderSize> out, std::uint16_t channel,
                               std::uint16_t payload_length) {
    store_be16(out.data(), channel);
    store_be16(out.data() + 2, payload_length);
}

std::string_view channel_data_error_name(ChannelDataError e) {
    switch (e) {
        case ChannelDataError::TooShort: return "ChannelData shorter than its header";
        case ChannelDataError::NotChannelData: return "not ChannelData";
        case ChannelDataError::LengthOverrun: return "ChannelData length exceeds the data";
        case ChannelDataError::TrailingBytes: return "bytes after ChannelData beyond padding";
    }
    return "unknown ChannelData error";
}

}  // namespace turn::proto
