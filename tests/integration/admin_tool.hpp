// Our turnadmin (build/tools/turnadmin), run as a separate process the way
// an operator runs it next to a live turnserver.
#pragma once

#include <string>
#include <vector>

#include "child_process.hpp"

namespace turn::itest {

inline const char* const kOurTurnadmin = TURNADMIN_BINARY;

ToolRun run_our_turnadmin(const std::vector<std::string>& args);

}  // namespace turn::itest
