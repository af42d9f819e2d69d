#include "server/json_line.hpp"

namespace turn::server {
namespace {

void append_member(std::string& out, std::string_view key, std::string_view value) {
    if (out.size() > 1) out.push_back(',');
    append_json_string(out, key);
    out.push_back(':');
    append_json_string(out, value);
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
    static constexpr char kHex[] = "0123456789abcdef";
    out.push_back('"');
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            out.push_back('\\');
            out.push_back(ch);
        } else if (c >= 0x20 && c < 0x7f) {
            out.push_back(ch);
        } else {
            out.append("\\u00");
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 0xF]);
        }
    }
    out.push_back('"');
}

std::string json_message_line(std::string_view time, std::string_view level, std::string_view message) {
    std::string out = "{";
    append_member(out, "time", time);
    append_member(out, "level", level);
    append_member(out, "message", message);
    out.push_back('}');
    return out;
}

std::string json_record_line(std::string_view time, std::string_view level, const admin::Record& r) {
    std::string out = "{";
    append_member(out, "time", time);
    append_member(out, "level", level);
    append_member(out, "event", r.kind);
    for (const auto& [key, value] : r.fields) append_member(out, key, value);
    out.push_back('}');
    return out;
}

}  // namespace turn::server
