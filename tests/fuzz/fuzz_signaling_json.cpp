// libFuzzer target: untrusted text into the signaling JSON parser and the
// client message parser, as a WebSocket text message reaches the hub. What
// parses must print back to text that parses to the same value, so relayed
// `data` cannot change on its way through turnsignal.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "signaling/json_parser.hpp"
#include "signaling/json_writer.hpp"
#include "signaling/signal_messages.hpp"

using namespace turn::signaling;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    json::Limits limits;
    limits.max_bytes = 8192;
    limits.max_depth = 8;
    limits.max_values = 512;
    (void)parse_client_message(text, limits);
    const auto parsed = json::parse(text, limits);
    if (!parsed) return 0;
    const std::string written = json::write(*parsed);
    json::Limits roomy = limits;
    roomy.max_bytes = written.size();  // escapes may make the text longer
    roomy.max_string_bytes = written.size();
    const auto again = json::parse(written, roomy);
    if (!again || !(*again == *parsed)) std::abort();
    return 0;
}
