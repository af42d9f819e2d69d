#include "diagnostics.hpp"

#include <algorithm>
#include <cstdio>

namespace turn::config {
namespace {

// Long enough for any real path or secret, short enough for one log line.
constexpr std::size_t kMaxQuotedBytes = 80;

}  // namespace

std::string printable(std::string_view untrusted) {
  std::string out;
  for (unsigned char c : untrusted.substr(0, kMaxQuotedBytes)) {
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      char hex[5];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
    }
  }
  if (untrusted.size() > kMaxQuotedBytes) out += "...";
  return out;
}

std::string in_quotes(std::string_view untrusted) { return "'" + printable(untrusted) + "'"; }

std::string to_string(const Diagnostic& diagnostic) {
  std::string out = diagnostic.where.source;
  if (diagnostic.where.line > 0) out += ":" + std::to_string(diagnostic.where.line);
  out += diagnostic.severity == Severity::Error ? ": error: " : ": warning: ";
  if (!diagnostic.option.empty()) out += printable(diagnostic.option) + ": ";
  out += diagnostic.message;
  return out;
}

bool has_errors(const Diagnostics& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

}  // namespace turn::config
