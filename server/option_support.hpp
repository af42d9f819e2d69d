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

// TLS needs a certificate, and no-tls turns it off.
bool tls_enabled(const config::Config& c);
// DTLS is off by default, as in current coturn: `dtls` turns it on, coturn's
// `no-dtls` wins, and it needs a certificate too.
bool dtls_enabled(const config::Config& c);

}  // namespace turn::server
