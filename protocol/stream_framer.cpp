#include "protocol/stream_framer.hpp"

#include <algorithm>

#include "protocol/byte_order.hpp"
#include "protocol/channel_data.hpp"
#include "protocol/stun_header.hpp"

namespace turn::proto {

std::variant<NeedMore, FrameInfo, FrameError> peek_frame(std::span<const std::uint8_t> s,
                                                         std::size_t max_frame_size) {
    if (s.empty()) return NeedMore{1};
    const std::uint8_t lead = s[0] & 0xC0;
    if (lead != 0x00 && lead != 0x40) return FrameError::InvalidLeadingBits;
    if (lead == 0x40) {
        if (s.size() < kChannelDataHeaderSize) return NeedMore{kChannelDataHeaderSize};
        const std::size_t len = load_be16(s.data() + 2);
        const FrameInfo f{FrameKind::ChannelData, kChannelDataHeaderSize + len,
                          pad4(kChannelDataHeaderSize + len)};
        if (f.frame_size > max_frame_size) return FrameError::FrameTooLarge;
        if (s.size() < f.frame_size) return NeedMore{f.frame_size};
        return f;
    }
    if (s.size() < kHeaderSize) return NeedMore{kHeaderSize};
    if (load_be32(s.data() + 4) != kMagicCookie) return FrameError::BadMagicCookie;
    const std::size_t len = load_be16(s.data() + 2);
    if (len % 4 != 0) return FrameError::StunLengthNotMultipleOf4;
    const FrameInfo f{FrameKind::Stun, kHeaderSize + len, kHeaderSize + len};
    if (f.frame_size > max_frame_size) return FrameError::FrameTooLarge;
    if (s.size() < f.frame_size) return NeedMore{f.frame_size};
    return f;
}

StreamFramer::StreamFramer(std::size_t max_frame_size)
    : max_frame_(max_frame_size), buf_(max_frame_size) {}

std::span<std::uint8_t> StreamFramer::write_space() {
    // Move a partial frame to the front so a whole frame always fits.
    if (begin_ > 0) {
        std::copy(buf_.begin() + static_cast<std::ptrdiff_t>(begin_),
                  buf_.begin() + static_cast<std::ptrdiff_t>(end_), buf_.begin());
        end_ -= begin_;
        begin_ = 0;
    }
    return std::span<std::uint8_t>(buf_).subspan(end_);
}

void StreamFramer::commit(std::size_t n) { end_ = std::min(end_ + n, buf_.size()); }

Result<std::optional<Frame>, FrameError> StreamFramer::next() {
    if (error_) return unexpected(*error_);
    const std::span<const std::uint8_t> pending(buf_.data() + begin_, end_ - begin_);
    const auto peek = peek_frame(pending, max_frame_);
    if (const auto* e = std::get_if<FrameError>(&peek)) {
        error_ = *e;
        return unexpected(*e);
    }
    if (std::holds_alternative<NeedMore>(peek)) return std::optional<Frame>{};
    const auto info = std::get<FrameInfo>(peek);
    begin_ += info.frame_size;
    return std::optional<Frame>{Frame{info.kind, pending.first(info.message_size)}};
}

std::string_view frame_error_name(FrameError e) {
    switch (e) {
        case FrameError::InvalidLeadingBits: return "stream data is neither STUN nor ChannelData";
        case FrameError::BadMagicCookie: return "STUN frame with a bad magic cookie";
        case FrameError::StunLengthNotMultipleOf4: return "STUN frame length not a multiple of 4";
        case FrameError::FrameTooLarge: return "frame larger than allowed";
    }
    return "unknown framing error";
}

}  // namespace turn::proto
