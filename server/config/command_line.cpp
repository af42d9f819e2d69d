// getopt_long-compatible command line, as coturn parses it:
//
//   --name value   --name=value   -p 3478   -p3478   -av (flags cluster)
//   --stale-nonce  --stale-nonce=300 (optional values only after '=')
//
// A required value is the next argument even when it starts with '-', as
// getopt does. Unknown options and stray arguments are errors.
#include "option_table.hpp"
#include "sources.hpp"

namespace turn::config {
namespace {

using Args = std::span<const std::string>;

void error(Diagnostics& diagnostics, std::string option, std::string message) {
  diagnostics.push_back({Severity::Error, {std::string(kCommandLine), 0}, std::move(option),
                         std::move(message)});
}

void accept(const OptionDescriptor& option, std::optional<std::string> value, CommandLine& cli) {
  switch (option.request) {
    case Request::ConfigFile: cli.config_path = value; return;
    case Request::NoConfigFile: cli.no_config_file = true; return;
    case Request::Help: cli.help = true; return;
    case Request::Version: cli.version = true; return;
    case Request::PrintConfig: cli.print_config = true; return;
    case Request::None: break;
  }
  cli.settings.push_back({std::string(option.name), std::move(value),
                          {std::string(kCommandLine), 0}});
}

// Handles args[i], a "--name[=value]"; returns how many arguments it used.
std::size_t parse_long(Args args, std::size_t i, CommandLine& cli, Diagnostics& diagnostics) {
  std::string_view body = std::string_view(args[i]).substr(2);
  auto equals = body.find('=');
  std::string name(body.substr(0, equals));
  const OptionDescriptor* option = find_option(name);
  if (option == nullptr) {
    error(diagnostics, "--" + name, "unknown option");
    return 1;
  }
  if (equals != std::string_view::npos) {
    accept(*option, std::string(body.substr(equals + 1)), cli);
    return 1;
  }
  if (option->kind != ValueKind::Required) {
    accept(*option, std::nullopt, cli);
    return 1;
  }
  if (i + 1 >= args.size()) {
    error(diagnostics, name, "missing value");
    return 1;
  }
  accept(*option, args[i + 1], cli);
  return 2;
}

// Handles args[i], a cluster of short flags such as "-av" or "-p3478".
std::size_t parse_short(Args args, std::size_t i, CommandLine& cli, Diagnostics& diagnostics) {
  std::string_view cluster = std::string_view(args[i]).substr(1);
  for (std::size_t at = 0; at < cluster.size(); ++at) {
    const OptionDescriptor* option = find_short_option(cluster[at]);
    if (option == nullptr) {
      error(diagnostics, "-" + std::string(1, cluster[at]), "unknown option");
      return 1;
    }
    std::string_view attached = cluster.substr(at + 1);
    if (option->kind == ValueKind::Flag) {
      accept(*option, std::nullopt, cli);
      continue;
    }
    if (!attached.empty() || option->kind == ValueKind::Optional) {
      accept(*option, attached.empty() ? std::nullopt : std::optional(std::string(attached)), cli);
      return 1;
    }
    if (i + 1 >= args.size()) {
      error(diagnostics, std::string(option->name), "missing value");
      return 1;
    }
    accept(*option, args[i + 1], cli);
    return 2;
  }
  return 1;
}

}  // namespace

CommandLine parse_command_line(Args args, Diagnostics& diagnostics) {
  CommandLine cli;
  std::size_t i = 1;
  while (i < args.size()) {
    const std::string& arg = args[i];
    if (arg.starts_with("--") && arg.size() > 2) {
      i += parse_long(args, i, cli, diagnostics);
    } else if (arg.starts_with("-") && arg.size() > 1 && arg != "--") {
      i += parse_short(args, i, cli, diagnostics);
    } else {
      error(diagnostics, "", "unexpected argument " + in_quotes(arg));
      ++i;
    }
  }
  return cli;
}

}  // namespace turn::config
