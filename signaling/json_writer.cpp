#include "signaling/json_writer.hpp"

#include <array>

namespace turn::signaling::json {
namespace {

// The escapes RFC 8259 §7 requires: quote, backslash and U+0000-U+001F.
void append_escaped(std::string& out, char c) {
    static constexpr std::array<char, 16> kHex{'0', '1', '2', '3', '4', '5', '6', '7',
                                               '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
    switch (c) {
        case '"': out += "\\\""; return;
        case '\\': out += "\\\\"; return;
        case '\b': out += "\\b"; return;
        case '\f': out += "\\f"; return;
        case '\n': out += "\\n"; return;
        case '\r': out += "\\r"; return;
        case '\t': out += "\\t"; return;
        default: break;
    }
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20) {
        out += c;
        return;
    }
    out += "\\u00";
    out += kHex[byte >> 4];
    out += kHex[byte & 0xF];
}

void append_array(std::string& out, const Value::Array& items) {
    out += '[';
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += ',';
        append(out, items[i]);
    }
    out += ']';
}

void append_object(std::string& out, const Value::Object& members) {
    out += '{';
    for (std::size_t i = 0; i < members.size(); ++i) {
        if (i > 0) out += ',';
        append_string(out, members[i].key);
        out += ':';
        append(out, members[i].value);
    }
    out += '}';
}

}  // namespace

void append_string(std::string& out, std::string_view s) {
    out += '"';
    for (char c : s) append_escaped(out, c);
    out += '"';
}

void append(std::string& out, const Value& value) {
    if (const bool* b = value.as_bool()) {
        out += *b ? "true" : "false";
    } else if (const Number* n = value.as_number()) {
        out += n->text;
    } else if (const std::string* s = value.as_string()) {
        append_string(out, *s);
    } else if (const Value::Array* a = value.as_array()) {
        append_array(out, *a);
    } else if (const Value::Object* o = value.as_object()) {
        append_object(out, *o);
    } else {
        out += "null";
    }
}

std::string write(const Value& value) {
    std::string out;
    append(out, value);
    return out;
}

}  // namespace turn::signaling::json
