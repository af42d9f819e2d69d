// libFuzzer target: a byte stream cut into reads of fuzzer-chosen sizes, fed
// to the stream framer; every frame it yields is decoded as what it claims
// to be. The framer must never overrun its fixed buffer or lose bytes.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "protocol/channel_data.hpp"
#include "protocol/message.hpp"
#include "protocol/stream_framer.hpp"

using namespace turn::proto;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    // The first byte picks the read size, so partial reads at every offset get covered.
    const std::size_t chunk = 1 + data[0] % 97;
    std::span<const std::uint8_t> stream(data + 1, size - 1);
    // A small maximum makes FrameTooLarge reachable too.
    StreamFramer framer(data[0] & 1 ? 512 : StreamFramer::kMaxFrameSize);
    std::size_t framed = 0;
    while (!stream.empty()) {
        auto space = framer.write_space();
        if (space.empty()) std::abort();  // a frame always fits after compaction
        const std::size_t n = std::min({chunk, space.size(), stream.size()});
        std::copy_n(stream.begin(), n, space.begin());
        framer.commit(n);
        stream = stream.subspan(n);
        for (;;) {
            auto f = framer.next();
            if (!f) return 0;  // framing lost: a real server closes the connection
            if (!f->has_value()) break;
            const Frame frame = **f;
            framed += frame.bytes.size();
            if (frame.kind == FrameKind::Stun) {
                (void)StunMessage::decode(frame.bytes);
            } else if (!decode_channel_data(frame.bytes)) {
                std::abort();  // the framer only cuts complete ChannelData frames
            }
        }
    }
    if (framed > size) std::abort();
    return 0;
}
