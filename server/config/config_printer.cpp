#include <yaml-cpp/yaml.h>

#include "load_config.hpp"
#include "option_table.hpp"

namespace turn::config {
namespace {

// Wide enough for "-X, --external-ip <public[/private]>".
constexpr std::size_t kHelpColumn = 44;

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

std::string help_line(const OptionDescriptor& option) {
  std::string line = "  ";
  line += option.short_flag != 0 ? std::string("-") + option.short_flag + ", " : "    ";
  line += "--" + std::string(option.name);
  if (!option.value_name.empty()) {
    if (option.kind == ValueKind::Required) line += " ";
    line += option.value_name;
  }
  line.resize(std::max(line.size() + 1, kHelpColumn), ' ');
  return line + std::string(option.help) + "\n";
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

std::string options_help(const std::function<bool(const OptionDescriptor&)>& include) {
  std::string text;
  for (const OptionDescriptor& option : option_table()) {
    if (include(option)) text += help_line(option);
  }
  return text;
}

std::string help_text(std::string_view program) {
  return "Usage: " + std::string(program) + " [options]\n\n"
         "Options (the same names work in the config file):\n" +
         options_help([](const OptionDescriptor&) { return true; });
}

std::string_view version() { return TURN_VERSION; }

}  // namespace turn::config
