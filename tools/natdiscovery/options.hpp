// turnutils_natdiscovery's command line, with coturn's flags. The table the
// parser reads also makes --help and the man page (tools/docgen).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "protocol/result.hpp"
#include "server/usage.hpp"

namespace turn::tools {

struct NatDiscoveryOptions {
    bool help = false;
    bool mapping = false;    // -m; neither -m nor -f: both
    bool filtering = false;  // -f
    std::size_t padding = 0;
    std::uint16_t port = 3478;
    std::string local_ip;
    std::string server_ip;
};

// Errors say what is wrong with the command line.
Result<NatDiscoveryOptions, std::string> parse_natdiscovery_options(int argc, char** argv);

usage::Usage natdiscovery_usage();

}  // namespace turn::tools
