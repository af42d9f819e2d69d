// A Config from .conf text, for tests that need turnsignal's view of a file:
// the text must load without a diagnostic.
#pragma once

#include <catch2/catch.hpp>

#include <string_view>

#include "server/config/load_config.hpp"

namespace turn::signaling::test {

inline config::Config config_of(std::string_view text) {
    config::Config c;
    config::Diagnostics d;
    config::load_conf_text(text, "test", c, d);
    INFO(d.size() << " diagnostics");
    REQUIRE(d.empty());
    return c;
}

}  // namespace turn::signaling::test
