// Where the integration tests keep their temporary files (configs, server and
// tool logs): one directory per test process, named after its pid, so
// concurrent ctest processes never share files and failure_logs.cpp finds the
// logs of the running test without any shared state.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>

namespace turn::itest {

// $TMPDIR/turn-itest-<pid>, created on first use.
std::filesystem::path scratch_dir();

// A new, empty file in scratch_dir() named <stem>-XXXXXX<suffix>.
std::filesystem::path new_scratch_file(std::string_view stem, std::string_view suffix);

// The whole file, or "" if it cannot be read.
std::string read_file(const std::filesystem::path& p);

// Polls `p` until it contains `text`: false if it does not within `timeout`
// (a log line the server writes a moment after the event).
bool eventually_contains(const std::filesystem::path& p, std::string_view text, std::chrono::milliseconds timeout);

}  // namespace turn::itest
