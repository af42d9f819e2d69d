// Splits a TCP/TLS byte stream into STUN messages and ChannelData frames
// (RFC 8656 §12.5; RFC 6062 once a connection is bound carries raw data and
// does not use this). The leading two bits tell the frames apart: 00 is STUN,
// 01 is ChannelData; anything else cannot start a frame and ends the stream.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <variant>
#include <vector>

#include "protocol/result.hpp"
#include "protocol/stun_header.hpp"

namespace turn::proto {

enum class FrameKind : std::uint8_t { Stun, ChannelData };

enum class FrameError : std::uint8_t {
    InvalidLeadingBits,        // first byte is neither STUN (00) nor ChannelData (01)
    BadMagicCookie,            // a STUN header without the RFC 8489 cookie
    StunLengthNotMultipleOf4,  // RFC 8489 §5
    FrameTooLarge,             // over the framer's configured maximum
};

std::string_view frame_error_name(FrameError e);

struct FrameInfo {
    FrameKind kind;
    std::size_t message_size;  // the STUN message or ChannelData, without padding
    std::size_t frame_size;    // bytes the frame takes on the stream, padding included
};

struct NeedMore {
    std::size_t at_least;  // bytes needed in total before the next peek can decide
};

// Looks at the start of `stream` without consuming it.
std::variant<NeedMore, FrameInfo, FrameError> peek_frame(std::span<const std::uint8_t> stream,
                                                         std::size_t max_frame_size);

struct Frame {
    FrameKind kind;
    std::span<const std::uint8_t> bytes;  // valid until the next write_space()
};

// A per-connection buffer around peek_frame(): read into write_space(),
// commit() what arrived, then take frames with next() until it returns nullopt.
// Memory is fixed at construction: a peer cannot make it grow.
class StreamFramer {
public:
    // The largest frame either kind allows: a STUN message whose length says
    // 65532 (RFC 8489 §5), which is also more than a 65535-byte ChannelData
    // plus padding (4 + 65536).
    static constexpr std::size_t kMaxFrameSize = kMaxMessageSize;

    explicit StreamFramer(std::size_t max_frame_size = kMaxFrameSize);

    std::span<std::uint8_t> write_space();
    void commit(std::size_t n);
    // A frame, nullopt when more bytes are needed, or a sticky error: a stream
    // that lost framing cannot be resynchronised and must be closed.
    Result<std::optional<Frame>, FrameError> next();
    std::size_t buffered() const { return end_ - begin_; }

private:
    std::size_t max_frame_;
    std::vector<std::uint8_t> buf_;
    std::size_t begin_ = 0;
    std::size_t end_ = 0;
    std::optional<FrameError> error_;
};

}  // namespace turn::proto
