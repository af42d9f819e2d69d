#include "load_config.hpp"

#include <system_error>

#include "sources.hpp"

namespace turn::config {
namespace {

bool is_yaml_path(const std::filesystem::path& path) {
  auto extension = path.extension();
  return extension == ".yaml" || extension == ".yml";
}

// The first default place that exists; a missing file there is no error.
std::optional<std::filesystem::path> find_default_file(const LoadOptions& options) {
  for (const auto& path : options.default_paths) {
    std::error_code ignored;
    if (std::filesystem::exists(path, ignored)) return path;
  }
  return std::nullopt;
}

// Which file the command line selects, if any.
std::optional<std::filesystem::path> select_file(const CommandLine& cli,
                                                 const LoadOptions& options) {
  if (cli.config_path) return std::filesystem::path(*cli.config_path);
  if (cli.no_config_file) return std::nullopt;
  return find_default_file(options);
}

Action requested_action(const CommandLine& cli) {
  if (cli.help) return Action::PrintHelp;
  if (cli.version) return Action::PrintVersion;
  if (cli.print_config) return Action::PrintConfig;
  return Action::Run;
}

}  // namespace

std::vector<std::filesystem::path> default_config_paths() {
  return {"turnserver.conf", "etc/turnserver.conf", "/etc/turnserver.conf",
          "/etc/coturn/turnserver.conf", "/usr/local/etc/turnserver.conf"};
}

void load_conf_text(std::string_view text, const std::string& source, Config& config,
                    Diagnostics& diagnostics) {
  auto settings = parse_conf_text(text, source, diagnostics);
  apply_settings(settings, UnknownOption::Warn, config, diagnostics);
}

void load_yaml_text(std::string_view text, const std::string& source, Config& config,
                    Diagnostics& diagnostics) {
  auto settings = parse_yaml_text(text, source, diagnostics);
  apply_settings(settings, UnknownOption::Warn, config, diagnostics);
}

void load_config_file(const std::filesystem::path& path, Severity severity, Config& config,
                      Diagnostics& diagnostics) {
  auto text = read_text_file(path);
  if (!text.ok()) {
    diagnostics.push_back(
        {severity, {path.string(), 0}, "", "cannot read config file: " + text.reason()});
    return;
  }
  if (is_yaml_path(path)) {
    load_yaml_text(text.value(), path.string(), config, diagnostics);
  } else {
    load_conf_text(text.value(), path.string(), config, diagnostics);
  }
}

LoadResult load_config(std::span<const std::string> args, const LoadOptions& options) {
  LoadResult result;
  CommandLine cli = parse_command_line(args, result.diagnostics);
  result.action = requested_action(cli);
  // --help and --version need no config, and a broken one must not hide them.
  if (result.action == Action::PrintHelp || result.action == Action::PrintVersion) return result;
  if (!result.ok()) return result;
  if (auto path = select_file(cli, options)) {
    // Only a file the operator named is required to be readable.
    auto severity = cli.config_path ? Severity::Error : Severity::Warning;
    load_config_file(*path, severity, result.config, result.diagnostics);
    result.config_file = path->string();
  }
  apply_settings(cli.settings, UnknownOption::Fail, result.config, result.diagnostics);
  validate(result.config, result.diagnostics);
  return result;
}

LoadResult load_config(int argc, const char* const* argv) {
  std::vector<std::string> args;
  for (int i = 0; i < argc; ++i) args.emplace_back(argv[i] != nullptr ? argv[i] : "");
  return load_config(args, LoadOptions{default_config_paths()});
}

}  // namespace turn::config
