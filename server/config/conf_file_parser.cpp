// coturn's config file syntax, one setting per line:
//
//   # a comment
//   name=value          name value          name = value
//   name = "value"      name='value'        name = value   # trailing comment
//   flag-name
//
// A trailing comment starts at a '#' after whitespace, so values such as
// "pass#word" keep their '#'; quoted values may hold anything but their quote.
#include "sources.hpp"

namespace turn::config {
namespace {

// Far above any real option line; a longer line is refused rather than held.
constexpr std::size_t kMaxLineBytes = 64 * 1024;

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  return text;
}

std::string_view strip_trailing_comment(std::string_view text) {
  for (std::size_t i = 1; i < text.size(); ++i) {
    if (text[i] == '#' && is_blank(text[i - 1])) return trim(text.substr(0, i));
  }
  return text;
}

// The value after the name and separator; nullopt when there is none. A '#'
// right after the separator is a value ("rest-api-separator=#"), one after
// whitespace starts a comment.
Parsed<std::optional<std::string>> parse_value(std::string_view rest, bool after_blank) {
  if (rest.empty() || (rest.front() == '#' && after_blank)) return std::optional<std::string>{};
  char quote = rest.front();
  if (quote != '"' && quote != '\'') {
    return std::optional<std::string>{std::string(strip_trailing_comment(rest))};
  }
  auto close = rest.find(quote, 1);
  if (close == std::string_view::npos) return Refusal{"unterminated quote"};
  std::string_view after = trim(rest.substr(close + 1));
  if (!after.empty() && after.front() != '#') return Refusal{"text after the closing quote"};
  return std::optional<std::string>{std::string(rest.substr(1, close - 1))};
}

// Splits "name<blanks>[=]<blanks>value" after the name.
Parsed<std::optional<std::string>> split_value(std::string_view rest) {
  std::size_t at = 0;
  auto skip_blanks = [&] {
    while (at < rest.size() && is_blank(rest[at])) ++at;
  };
  skip_blanks();
  if (at < rest.size() && rest[at] == '=') ++at;
  skip_blanks();
  bool after_blank = at > 0 && is_blank(rest[at - 1]);
  return parse_value(rest.substr(at), after_blank);
}

void parse_line(std::string_view line, Location where, std::vector<Setting>& settings,
                Diagnostics& diagnostics) {
  if (line.size() > kMaxLineBytes) {
    diagnostics.push_back({Severity::Error, where, "",
                           "line longer than " + std::to_string(kMaxLineBytes) + " bytes"});
    return;
  }
  line = trim(line);
  if (line.empty() || line.front() == '#') return;
  auto name_end = line.find_first_of(" \t=");
  std::string name(line.substr(0, name_end));
  auto value = split_value(name_end == std::string_view::npos ? "" : line.substr(name_end));
  if (!value.ok()) {
    diagnostics.push_back({Severity::Error, where, name, value.reason()});
    return;
  }
  settings.push_back({std::move(name), value.value(), std::move(where)});
}

}  // namespace

std::vector<Setting> parse_conf_text(std::string_view text, const std::string& source,
                                     Diagnostics& diagnostics) {
  std::vector<Setting> settings;
  int line_number = 0;
  while (!text.empty()) {
    auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    parse_line(line, {source, ++line_number}, settings, diagnostics);
  }
  return settings;
}

}  // namespace turn::config
