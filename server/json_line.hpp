// JSON lines for the log (`log-json`): one object per line, for collectors
// that parse JSON (RFC 8259). Every string is escaped; bytes outside
// printable ASCII are written as \u00XX, so a line is valid UTF-8 whatever
// a client put in its USERNAME.
#pragma once

#include <string>
#include <string_view>

#include "server/admin_protocol.hpp"

namespace turn::server {

// Appends `s` as a JSON string, quotes included.
void append_json_string(std::string& out, std::string_view s);

// {"time":..,"level":..,"message":..}
std::string json_message_line(std::string_view time, std::string_view level, std::string_view message);
// {"time":..,"level":..,"event":<kind>,<key>:<value>,...}; values are strings.
std::string json_record_line(std::string_view time, std::string_view level, const admin::Record& r);

}  // namespace turn::server
