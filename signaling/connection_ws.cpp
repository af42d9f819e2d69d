// The WebSocket half of Connection (RFC 6455 §5-§7): frames in through the
// MessageReader, control frames answered, text messages to the hub, and the
// closing handshake.
#include <event2/buffer.h>

#include "signaling/connection.hpp"

namespace turn::signaling {
namespace {

std::span<const std::uint8_t> bytes_of(const unsigned char* data, std::size_t size) { return {data, size}; }

}  // namespace

// The next complete frame, or nullopt while it is still arriving. Only its
// header is looked at until all of it is there, so a large frame arriving
// in small pieces is copied together once.
std::optional<ws::ReadStep> Connection::next_frame() {
    evbuffer* in = bufferevent_get_input(bev_);
    const std::size_t length = evbuffer_get_length(in);
    if (length == 0) return std::nullopt;
    const std::size_t peek = std::min(length, ws::kMaxHeaderSize);
    const unsigned char* head = evbuffer_pullup(in, static_cast<ev_ssize_t>(peek));
    ws::ReadStep step = reader_->read(bytes_of(head, peek));
    if (step.consumed != 0 || step.event) return step;
    const auto size = ws::frame_size(bytes_of(head, peek));
    if (!size || length < *size) return std::nullopt;
    const auto whole = static_cast<std::size_t>(*size);
    step = reader_->read(bytes_of(evbuffer_pullup(in, static_cast<ev_ssize_t>(whole)), whole));
    if (step.consumed == 0 && !step.event) return std::nullopt;
    return step;
}

void Connection::on_ws_input() {
    evbuffer* in = bufferevent_get_input(bev_);
    while (mode_ == Mode::WebSocket) {
        auto step = next_frame();
        if (!step) return;
        evbuffer_drain(in, step->consumed);
        // Every frame counts, control frames and empty fragments included,
        // so neither a ping flood nor an endless message gets through.
        if (step->consumed != 0 && !limiter_->allow(RateLimiter::Clock::now()))
            return fail(ws::CloseCode::PolicyViolation, "message rate exceeded");
        if (step->event) on_ws_event(std::move(*step->event));
    }
}

void Connection::on_ws_event(ws::Event event) {
    if (auto* message = std::get_if<ws::Message>(&event)) {
        if (!message->text) return fail(ws::CloseCode::UnsupportedData, "binary messages are not supported");
        if (const auto error = host_.deliver(peer_, message->data))
            host_.log().info(label() + ": " + std::string(error_code_name(error->code)) + ": " + error->message);
    } else if (const auto* ping = std::get_if<ws::Ping>(&event)) {
        send_frame(ws::Opcode::Pong, ping->payload);  // §5.5.3: the same application data
    } else if (std::holds_alternative<ws::Pong>(event)) {
        awaiting_pong_ = false;
    } else if (const auto* close = std::get_if<ws::CloseRequest>(&event)) {
        on_close_request(*close);
    } else {
        const auto& failure = std::get<ws::Failure>(event);
        fail(failure.code, failure.reason);
    }
}

// §5.5.1: answer a Close with a Close (echoing its code), then close.
void Connection::on_close_request(const ws::CloseRequest& close) {
    const bool no_status = close.code == static_cast<std::uint16_t>(ws::CloseCode::NoStatus);
    send_frame(ws::Opcode::Close, no_status ? std::string() : ws::close_payload(close.code, ""));
    close_after_flush();
}

void Connection::send_frame(ws::Opcode op, std::string_view payload) {
    const std::string frame = ws::server_frame(op, payload);
    if (queued() + frame.size() > limits_.max_output)
        return retire("client does not read (" + std::to_string(queued()) + " bytes queued)");
    evbuffer_add(bufferevent_get_output(bev_), frame.data(), frame.size());
}

// §7.1.7: fail the connection with a status code and a log line.
void Connection::fail(ws::CloseCode code, std::string_view why) {
    host_.log().info(label() + ": closing with " + std::to_string(static_cast<int>(code)) + ": " + std::string(why));
    send_frame(ws::Opcode::Close, ws::close_payload(code, why));
    close_after_flush();
}

void Connection::send_text(std::string_view text) {
    if (mode_ == Mode::WebSocket) send_frame(ws::Opcode::Text, text);
}

void Connection::ping() {
    if (mode_ != Mode::WebSocket) return;
    if (awaiting_pong_) return retire("no pong to the last ping: client gone");
    awaiting_pong_ = true;
    send_frame(ws::Opcode::Ping, "");
}

void Connection::go_away() {
    if (mode_ == Mode::WebSocket) {
        send_frame(ws::Opcode::Close, ws::close_payload(ws::CloseCode::GoingAway, "server shutting down"));
        return close_after_flush();
    }
    retire("");
}

}  // namespace turn::signaling
