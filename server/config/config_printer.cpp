#include <yaml-cpp/yaml.h>

#include "load_config.hpp"
#include "option_table.hpp"

namespace turn::config {
namespace {

void emit_option(YAML::Emitter& out, const OptionDescriptor& option, const Config& config) {
  std::vector<std::string> values = option.get(config);
  if (values.empty()) return;
  out << YAML::Key << std::string(option.name) << YAML::Value;
  if (option.kind == ValueKind::Flag) {
    out << true;
  } else if (option.repeatable) {
    out << YAML::BeginSeq;
    for (const std::string& value : values) out << value;
    out << YAML::EndSeq;
  } else {
    out << values.front();
  }
}

usage::Entry help_entry(const OptionDescriptor& option) {
  return {usage::option_term(option.short_flag, {option.name}, option.value_name), std::string(option.help)};
}

// "./turnserver.conf, ..., /usr/local/etc/turnserver.conf"
std::string default_paths_text() {
  std::string text;
  for (const auto& path : default_config_paths()) text += (text.empty() ? "" : ", ") + path.string();
  return text;
}

}  // namespace

std::string print_config(const Config& config) {
  YAML::Emitter out;
  // Keeps the output ASCII whatever bytes a secret or path holds.
  out.SetOutputCharset(YAML::EscapeNonAscii);
  out << YAML::BeginMap;
  for (const OptionDescriptor& option : option_table()) {
    if (!option.command_line_only()) emit_option(out, option, config);
  }
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

std::vector<usage::Section> options_usage(const std::function<bool(const OptionDescriptor&)>& include) {
  std::vector<usage::Section> sections;
  for (const OptionDescriptor& option : option_table()) {
    if (!include(option)) continue;
    if (sections.empty() || sections.back().title != option.group) sections.push_back({std::string(option.group), {}});
    sections.back().entries.push_back(help_entry(option));
  }
  return sections;
}

usage::Usage server_usage(std::string_view program) {
  return {std::string(program),
          {"[-c <file> | -n] [options]"},
          "The STUN/TURN relay server. It reads the config file given with -c, or else the first that exists of " +
              default_paths_text() +
              " (unless -n); options on the command line override the file's. Every option below except "
              "the first group also works in the config file, as name=value, or as name alone for a flag.",
          options_usage([](const OptionDescriptor&) { return true; }),
          "0 after a clean stop, 1 for a bad config or command line, 2 when it cannot start "
          "(an address or port it cannot bind, for example)."};
}

std::string help_text(std::string_view program) { return usage::render_help(server_usage(program)); }

std::string_view version() { return TURN_VERSION; }

}  // namespace turn::config
