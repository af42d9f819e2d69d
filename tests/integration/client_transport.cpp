#include "client_transport.hpp"

#include <variant>

#include "protocol/stream_framer.hpp"

namespace turn::itest {

std::optional<Bytes> UdpClientTransport::receive(std::chrono::milliseconds timeout) {
    auto d = socket_.receive(timeout);
    if (!d) return std::nullopt;
    return std::move(d->bytes);
}

std::optional<Bytes> StreamClientTransport::receive(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto frame = proto::peek_frame(pending_, proto::StreamFramer::kMaxFrameSize);
        // A server that breaks framing is a failure the caller sees as silence.
        if (std::holds_alternative<proto::FrameError>(frame)) return std::nullopt;
        if (const auto* f = std::get_if<proto::FrameInfo>(&frame)) {
            const auto end = pending_.begin() + static_cast<std::ptrdiff_t>(f->frame_size);
            Bytes out(pending_.begin(), end);
            pending_.erase(pending_.begin(), end);
            return out;
        }
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0 || stream_->read(pending_, left) != ReadStatus::Data) return std::nullopt;
    }
}

}  // namespace turn::itest
