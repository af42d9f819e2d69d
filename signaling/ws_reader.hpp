// WebSocket messages from a client's byte stream (RFC 6455 §5.4-§5.6, §6.2):
// frames checked, unmasked and joined into whole messages, with control
// frames (§5.5) handed over as they arrive, even between the fragments of a
// message. Every way a client can break the protocol ends in a Failure with
// the status code to close with (§7.4.1): 1002 for framing errors, 1007 for
// text that is not UTF-8 (§8.1), 1009 for a message beyond the size limit and
// 1008 for a message split into more fragments than allowed, so a message
// that never ends cannot hold the connection's memory or time.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "signaling/ws_frame.hpp"

namespace turn::signaling::ws {

struct ReaderLimits {
    std::size_t max_message = 64 * 1024;  // payload bytes of one message, all fragments
    std::size_t max_fragments = 128;      // frames of one message
    bool require_mask = true;             // §5.1: every client-to-server frame is masked
};

struct Message {
    bool text = true;  // Text (UTF-8 checked) or Binary
    std::string data;
};
struct Ping {
    std::string payload;
};
struct Pong {
    std::string payload;
};
// §5.5.1: the peer's Close frame; code is 1005 (NoStatus) when it had no body.
struct CloseRequest {
    std::uint16_t code = static_cast<std::uint16_t>(CloseCode::NoStatus);
    std::string reason;
};
// The connection must be failed (§7.1.7) with this code.
struct Failure {
    CloseCode code = CloseCode::ProtocolError;
    std::string_view reason;
};

using Event = std::variant<Message, Ping, Pong, CloseRequest, Failure>;

struct ReadStep {
    std::size_t consumed = 0;     // bytes of `bytes` used; 0: wait for more input
    std::optional<Event> event;  // none for a fragment that does not end a message
};

class MessageReader {
public:
    explicit MessageReader(ReaderLimits limits = {}) : limits_(limits) {}

    // Takes at most one frame from the front of `bytes`. Call again with the
    // rest while `consumed` is not 0. After a Failure every call fails again.
    ReadStep read(std::span<const std::uint8_t> bytes);

private:
    std::optional<Failure> check(const FrameHeader& h);
    std::optional<Failure> check_data_frame(Opcode op, const FrameHeader& h);
    std::optional<Event> on_data(Opcode op, bool fin, std::string payload);
    ReadStep fail(Failure f);

    ReaderLimits limits_;
    std::optional<Failure> failed_;
    bool in_message_ = false;  // a fragmented message has started (§5.4)
    bool text_ = false;
    std::size_t fragments_ = 0;
    std::string partial_;
};

// Interprets a Close frame's payload (§5.5.1): 1002 for a one-byte body or a
// code nobody may send, 1007 for a reason that is not UTF-8.
std::variant<CloseRequest, Failure> parse_close(std::string_view payload);

}  // namespace turn::signaling::ws
