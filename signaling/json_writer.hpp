// Compact JSON text from a Value: strings escaped per RFC 8259 §7 (quote,
// backslash and every control character), everything else as stored.
#pragma once

#include <string>

#include "signaling/json_value.hpp"

namespace turn::signaling::json {

std::string write(const Value& value);
void append(std::string& out, const Value& value);
void append_string(std::string& out, std::string_view s);

}  // namespace turn::signaling::json
