// The one table of options.
//
// Every option the daemon knows is one OptionDescriptor: its coturn long name,
// short flag, value kind, help text, and how it is stored into and read back
// from Config. The .conf parser, the YAML loader, the command line, --help and
// --print-config all walk this table, so adding an option is one entry here.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "config.hpp"
#include "server/usage.hpp"
#include "value_parsers.hpp"

namespace turn::config {

enum class ValueKind {
  Flag,      // no value; "name=false" style values are still accepted
  Required,  // always a value
  Optional,  // a value only as --name=value (getopt's optional_argument)
};

// Options that steer loading itself instead of filling Config. They are only
// meaningful on the command line.
enum class Request { None, ConfigFile, NoConfigFile, Help, Version, PrintConfig };

// Stores a value into Config; nullopt when the option came without one.
// Returns why the value was refused, or nullopt when it was taken.
using Setter = std::function<std::optional<Refusal>(Config&, std::optional<std::string_view>)>;
// The current value as option text, one string per repetition; empty when
// unset, so --print-config leaves it out.
using Getter = std::function<std::vector<std::string>(const Config&)>;

struct OptionDescriptor {
  std::string_view name;
  char short_flag = 0;  // 0: long form only
  ValueKind kind = ValueKind::Required;
  bool repeatable = false;
  std::string_view value_name;  // for --help, e.g. "<port>"
  std::string_view help;
  Request request = Request::None;  // not None: command line only, set/get empty
  Setter set;
  Getter get;
  std::string_view group;  // the heading it is listed under in --help and the man page

  bool command_line_only() const { return request != Request::None; }
};

std::span<const OptionDescriptor> option_table();
const OptionDescriptor* find_option(std::string_view long_name);
const OptionDescriptor* find_short_option(char short_flag);

// The --help sections (one per group, "-p, --listening-port <port>" and the
// help) of the options `include` selects, in table order.
std::vector<usage::Section> options_usage(const std::function<bool(const OptionDescriptor&)>& include);

}  // namespace turn::config
