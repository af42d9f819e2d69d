#include "stream_link.hpp"

#include <variant>

#include "protocol/stream_framer.hpp"

namespace turn::itest {

StreamLink::StreamLink(const proto::TransportAddress& server, Security security)
    : socket_(TcpSocket::connect(server)) {
    if (security == Security::Tls) socket_.start_tls();
}

std::optional<Bytes> StreamLink::receive(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto frame = proto::peek_frame(buffer_, proto::StreamFramer::kMaxFrameSize);
        if (std::holds_alternative<proto::FrameError>(frame)) return std::nullopt;
        if (const auto* info = std::get_if<proto::FrameInfo>(&frame); info && info->frame_size <= buffer_.size()) {
            Bytes message(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(info->message_size));
            buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(info->frame_size));
            return message;
        }
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        auto more = socket_.read_some(std::max(left, std::chrono::milliseconds(0)));
        if (!more || more->empty()) return std::nullopt;
        buffer_.insert(buffer_.end(), more->begin(), more->end());
    }
}

}  // namespace turn::itest
