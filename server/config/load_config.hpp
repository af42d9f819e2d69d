// Public entry points of the config module, for the daemon's main.
//
// coturn's order: the config file is read first (-c <file>, or the first of
// the default places unless -n), then the command line overrides single
// options and extends repeatable ones; cross-field checks run on the result.
// Nothing here logs or throws: problems come back in LoadResult::diagnostics.
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "config.hpp"
#include "diagnostics.hpp"
#include "server/usage.hpp"

namespace turn::config {

enum class Action { Run, PrintHelp, PrintVersion, PrintConfig };

struct LoadOptions {
  // Tried in order when neither -c nor -n is given; a missing file is skipped.
  std::vector<std::filesystem::path> default_paths;
};

// ./turnserver.conf, ./etc/turnserver.conf, /etc/turnserver.conf,
// /etc/coturn/turnserver.conf, /usr/local/etc/turnserver.conf.
std::vector<std::filesystem::path> default_config_paths();

struct LoadResult {
  Config config;
  Diagnostics diagnostics;
  Action action = Action::Run;
  std::string config_file;  // the file selected (read, or failed to read); empty when none

  bool ok() const { return !has_errors(diagnostics); }
};

// args[0] is the program name. Errors leave action as requested but ok() false.
LoadResult load_config(std::span<const std::string> args, const LoadOptions& options);
// The daemon's form: argv, and the default places for the config file.
LoadResult load_config(int argc, const char* const* argv);

// One file on top of config: YAML when the name ends in .yaml or .yml, else
// coturn's format. A file that cannot be read is reported with `severity`.
void load_config_file(const std::filesystem::path& path, Severity severity, Config& config,
                      Diagnostics& diagnostics);
// Text already in memory, for tests and the fuzzer; `source` names it in
// diagnostics.
void load_conf_text(std::string_view text, const std::string& source, Config& config,
                    Diagnostics& diagnostics);
void load_yaml_text(std::string_view text, const std::string& source, Config& config,
                    Diagnostics& diagnostics);

// Cross-field checks, run once every source is merged.
void validate(const Config& config, Diagnostics& diagnostics);

// The effective config as a YAML document that load_yaml_text() reads back.
std::string print_config(const Config& config);
// turnserver's --help (and man page, tools/docgen) as data, and as text.
usage::Usage server_usage(std::string_view program);
std::string help_text(std::string_view program);
std::string_view version();

}  // namespace turn::config
