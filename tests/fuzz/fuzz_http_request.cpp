// libFuzzer target: untrusted bytes as turnsignal reads a request: the end
// of the head found within the limit, the head parsed, then the parts a
// route looks at (the path under the web root, a WebSocket upgrade).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "server/http_request.hpp"
#include "signaling/request_path.hpp"
#include "signaling/ws_handshake.hpp"

using namespace turn::signaling;
namespace http = turn::http;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const http::HeadLimits limits{1024, 16};
    const auto end = http::find_head_end(bytes, limits);
    if (!end || !end->has_value()) return 0;
    if (**end > limits.max_head) std::abort();
    const auto request = http::parse_request(bytes.substr(0, **end), limits);
    if (!request) return 0;
    if (request->headers.size() > limits.max_headers) std::abort();
    if (const auto relative = resolve_request_path(request->path())) {
        // Nothing that could leave the web root comes out: no leading "/",
        // no ".", ".." or empty segment.
        if (relative->starts_with('/')) std::abort();
        std::string_view rest = *relative;
        for (;;) {
            const auto slash = rest.find('/');
            const std::string_view segment = rest.substr(0, slash);
            if (segment.empty() || segment == "." || segment == "..") std::abort();
            if (slash == std::string_view::npos) break;
            rest.remove_prefix(slash + 1);
        }
    }
    (void)ws::check_upgrade(*request);
    return 0;
}
