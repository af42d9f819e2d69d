// turnutils_rfc5769check's command line: only -h/--help. Its --help and man
// page (tools/docgen) come from here.
#pragma once

#include <span>
#include <string_view>

#include "server/usage.hpp"

namespace turn::tools {

usage::Usage rfc5769check_usage();

// Whether the arguments (without the program name) ask for the help.
bool rfc5769check_wants_help(std::span<const std::string_view> args);

}  // namespace turn::tools
