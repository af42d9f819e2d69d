// turnsignal's --help, and its man page (tools/docgen): the options of
// turnserver's table that turnsignal reads, under their own help text.
#pragma once

#include "server/usage.hpp"

namespace turn::signaling {

usage::Usage turnsignal_usage();

}  // namespace turn::signaling
