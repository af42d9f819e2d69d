// Warnings and errors found while loading the configuration.
//
// The library never logs: every problem comes back as a Diagnostic value and
// the daemon's main decides how to print it (stderr before logging is set up).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace turn::config {

enum class Severity { Warning, Error };

// Where a setting came from: a file and line, or the command line (line 0).
struct Location {
  std::string source;
  int line = 0;
};

inline constexpr std::string_view kCommandLine = "command line";

struct Diagnostic {
  Severity severity = Severity::Error;
  Location where;
  std::string option;   // the option name as written, empty when not about one
  std::string message;  // what is wrong, naming the offending value
};

using Diagnostics = std::vector<Diagnostic>;

// "file.conf:12: error: min-port: invalid value 'x': not a number"
std::string to_string(const Diagnostic& diagnostic);

bool has_errors(const Diagnostics& diagnostics);

// Untrusted text made safe for a message: control and non-ASCII bytes are
// shown as \xNN and very long values are cut, so a hostile file cannot garble
// a terminal or flood the log.
std::string printable(std::string_view untrusted);

// printable() in single quotes, for values inside a message.
std::string in_quotes(std::string_view untrusted);

}  // namespace turn::config
