// Internal: the sources of settings (.conf text, YAML text, the command line)
// and the one place where a setting is applied to Config through the table.
#pragma once

#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "config.hpp"
#include "diagnostics.hpp"
#include "value_parsers.hpp"

namespace turn::config {

// One "name value" as read from a source, not yet checked against the table.
struct Setting {
  std::string name;
  std::optional<std::string> value;  // nullopt: given without a value
  Location where;
};

// coturn's contract: an unknown option in a file warns, on the command line
// it is an error.
enum class UnknownOption { Warn, Fail };

void apply_settings(std::span<const Setting> settings, UnknownOption policy, Config& config,
                    Diagnostics& diagnostics);

// Syntax only: which names and values the text holds. Problems in the
// text's shape (an unterminated quote, a YAML syntax error) are reported here.
std::vector<Setting> parse_conf_text(std::string_view text, const std::string& source,
                                     Diagnostics& diagnostics);
std::vector<Setting> parse_yaml_text(std::string_view text, const std::string& source,
                                     Diagnostics& diagnostics);

// What the command line asked for, beyond the settings it overrides.
struct CommandLine {
  std::vector<Setting> settings;
  std::optional<std::string> config_path;  // -c
  bool no_config_file = false;             // -n
  bool help = false;
  bool version = false;
  bool print_config = false;
};

// args[0] is the program name, as in argv.
CommandLine parse_command_line(std::span<const std::string> args, Diagnostics& diagnostics);

// The whole file, or the errno text of why it cannot be read.
Parsed<std::string> read_text_file(const std::filesystem::path& path);

}  // namespace turn::config
