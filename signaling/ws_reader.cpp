#include "signaling/ws_reader.hpp"

#include "protocol/utf8.hpp"

namespace turn::signaling::ws {
namespace {

constexpr std::size_t kMaxControlPayload = 125;  // §5.5

bool is_known(std::uint8_t opcode) {
    switch (static_cast<Opcode>(opcode)) {
        case Opcode::Continuation:
        case Opcode::Text:
        case Opcode::Binary:
        case Opcode::Close:
        case Opcode::Ping:
        case Opcode::Pong: return true;
    }
    return false;
}

bool is_utf8(std::string_view s) { return proto::utf8_length(s).has_value(); }

}  // namespace

std::variant<CloseRequest, Failure> parse_close(std::string_view payload) {
    if (payload.empty()) return CloseRequest{};
    if (payload.size() == 1) return Failure{CloseCode::ProtocolError, "close frame with a one-byte body"};
    const auto code = static_cast<std::uint16_t>((static_cast<std::uint8_t>(payload[0]) << 8) |
                                                 static_cast<std::uint8_t>(payload[1]));
    if (!is_valid_received_close_code(code)) return Failure{CloseCode::ProtocolError, "invalid close status code"};
    const std::string_view reason = payload.substr(2);
    if (!is_utf8(reason)) return Failure{CloseCode::InvalidPayload, "close reason is not UTF-8"};
    return CloseRequest{code, std::string(reason)};
}

ReadStep MessageReader::fail(Failure f) {
    failed_ = f;
    return {0, Event{f}};
}

// Everything the header alone decides, before any payload is waited for.
std::optional<Failure> MessageReader::check(const FrameHeader& h) {
    if (h.rsv != 0) return Failure{CloseCode::ProtocolError, "reserved bits set without an extension"};  // §5.2
    if (!is_known(h.opcode)) return Failure{CloseCode::ProtocolError, "reserved opcode"};
    if (limits_.require_mask && !h.mask) return Failure{CloseCode::ProtocolError, "unmasked client frame"};  // §5.1
    const auto op = static_cast<Opcode>(h.opcode);
    if (is_control(op)) {
        // §5.5: control frames are never fragmented and carry at most 125 bytes.
        if (!h.fin) return Failure{CloseCode::ProtocolError, "fragmented control frame"};
        if (h.payload_length > kMaxControlPayload) return Failure{CloseCode::ProtocolError, "control frame over 125 bytes"};
        return std::nullopt;
    }
    return check_data_frame(op, h);
}

std::optional<Failure> MessageReader::check_data_frame(Opcode op, const FrameHeader& h) {
    // §5.4: a message is one frame, or a first frame then continuations until FIN.
    if (op == Opcode::Continuation && !in_message_) return Failure{CloseCode::ProtocolError, "continuation without a message"};
    if (op != Opcode::Continuation && in_message_) return Failure{CloseCode::ProtocolError, "new message inside a fragmented one"};
    if (h.payload_length > limits_.max_message - partial_.size())
        return Failure{CloseCode::MessageTooBig, "message too big"};
    if (fragments_ + 1 > limits_.max_fragments && !h.fin)
        return Failure{CloseCode::PolicyViolation, "message split into too many fragments"};
    return std::nullopt;
}

std::optional<Event> MessageReader::on_data(Opcode op, bool fin, std::string payload) {
    if (op != Opcode::Continuation) {
        text_ = op == Opcode::Text;
        partial_.clear();
        fragments_ = 0;
    }
    ++fragments_;
    partial_ += payload;
    in_message_ = !fin;
    if (!fin) return std::nullopt;
    Message m{text_, std::move(partial_)};
    partial_.clear();
    fragments_ = 0;
    // §8.1: a text message that is not UTF-8 fails the connection with 1007.
    if (m.text && !is_utf8(m.data)) return Event{Failure{CloseCode::InvalidPayload, "text message is not UTF-8"}};
    return Event{std::move(m)};
}

ReadStep MessageReader::read(std::span<const std::uint8_t> bytes) {
    if (failed_) return {0, Event{*failed_}};
    const auto parsed = parse_header(bytes);
    if (std::holds_alternative<NeedMore>(parsed)) return {};
    if (std::holds_alternative<HeaderError>(parsed)) return fail({CloseCode::ProtocolError, "malformed frame length"});
    const auto& h = std::get<FrameHeader>(parsed);
    if (auto problem = check(h)) return fail(*problem);
    if (bytes.size() - h.header_size < h.payload_length) return {};
    const std::size_t frame_size = h.header_size + static_cast<std::size_t>(h.payload_length);
    std::string payload(reinterpret_cast<const char*>(bytes.data() + h.header_size), h.payload_length);
    if (h.mask) apply_mask({reinterpret_cast<std::uint8_t*>(payload.data()), payload.size()}, *h.mask);

    ReadStep step{frame_size, std::nullopt};
    switch (static_cast<Opcode>(h.opcode)) {
        case Opcode::Ping: step.event = Ping{std::move(payload)}; break;
        case Opcode::Pong: step.event = Pong{std::move(payload)}; break;
        case Opcode::Close: {
            auto close = parse_close(payload);
            if (auto* f = std::get_if<Failure>(&close)) return fail(*f);
            step.event = std::get<CloseRequest>(std::move(close));
            break;
        }
        default: step.event = on_data(static_cast<Opcode>(h.opcode), h.fin, std::move(payload)); break;
    }
    if (step.event)
        if (const auto* f = std::get_if<Failure>(&*step.event)) failed_ = *f;
    return step;
}

}  // namespace turn::signaling::ws
