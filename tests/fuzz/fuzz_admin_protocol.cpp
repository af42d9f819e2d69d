// libFuzzer target: untrusted bytes as the admin interface reads them (one
// request line) and as turnctl reads them (a record line). Records that
// decode must encode back to a line that decodes to the same record.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "server/admin_protocol.hpp"

using namespace turn::server::admin;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view line(reinterpret_cast<const char*>(data), size);
    if (const auto c = parse_command(line); c && c->has_value()) {
        const Command& cmd = **c;
        if ((cmd.verb == Verb::Session || cmd.verb == Verb::Cancel) && cmd.id == 0) std::abort();
        if (cmd.deadline && cmd.deadline->count() <= 0) std::abort();
    }
    const auto record = decode_record(line);
    if (!record) return 0;
    const std::string again = encode_record(*record);
    if (again.find('\n') != std::string::npos) std::abort();  // one record, one line
    const auto back = decode_record(again);
    if (!back || back->kind != record->kind || back->fields != record->fields) std::abort();
    return 0;
}
