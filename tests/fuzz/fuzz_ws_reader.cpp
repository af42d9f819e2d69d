// libFuzzer target: a client's byte stream, cut into reads of fuzzer-chosen
// sizes, fed to the WebSocket message reader as it arrives. The reader must
// never consume more than it was given, never hand out a message over the
// limit, and stay failed once it has failed.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>

#include "signaling/ws_reader.hpp"

using namespace turn::signaling::ws;

namespace {

constexpr std::size_t kMaxMessage = 4096;

// Everything the reader can take from `buffered`; false once it failed.
bool drain(MessageReader& reader, std::string& buffered) {
    for (;;) {
        std::span<const std::uint8_t> bytes(reinterpret_cast<const std::uint8_t*>(buffered.data()), buffered.size());
        const ReadStep step = reader.read(bytes);
        if (step.consumed > buffered.size()) std::abort();
        buffered.erase(0, step.consumed);
        if (step.event) {
            if (std::holds_alternative<Failure>(*step.event)) return false;
            if (const auto* m = std::get_if<Message>(&*step.event); m != nullptr && m->data.size() > kMaxMessage)
                std::abort();
        }
        if (step.consumed == 0) return true;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const std::size_t chunk = 1 + data[0] % 61;
    MessageReader reader(ReaderLimits{kMaxMessage, 8, (data[0] & 0x80) == 0});
    std::string buffered;
    for (std::size_t at = 1; at < size; at += chunk) {
        buffered.append(reinterpret_cast<const char*>(data + at), std::min(chunk, size - at));
        if (!drain(reader, buffered)) {
            // Failed readers stay failed and consume nothing.
            const std::string more = "\x81\x80\x00\x00\x00\x00";
            const ReadStep again = reader.read({reinterpret_cast<const std::uint8_t*>(more.data()), more.size()});
            if (again.consumed != 0 || !again.event || !std::holds_alternative<Failure>(*again.event)) std::abort();
            return 0;
        }
    }
    return 0;
}
