// Options a coturn config may carry that this server reads but does not act
// on yet. Silently ignoring them would change behaviour without a word, so
// each gets a log line at start-up; one that would leave nothing serving is
// an error.
#pragma once

#include <string>
#include <vector>

#include "server/config/config.hpp"

namespace turn::server {

struct OptionNotice {
    bool fatal;
    std::string message;
};

std::vector<OptionNotice> unsupported_options(const config::Config& c);

}  // namespace turn::server
