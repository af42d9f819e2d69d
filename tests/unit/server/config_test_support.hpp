// Helpers shared by the config tests: a scratch directory and one-call loaders.
#pragma once

#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>

#include "server/config/load_config.hpp"

namespace turn::config::testing {

// A fresh directory under the system temp dir, removed with everything in it.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path write(const std::string& name, std::string_view content) const;

 private:
  std::filesystem::path path_;
};

struct Loaded {
  Config config;
  Diagnostics diagnostics;
};

// Text as if read from a file called test.conf / test.yaml, over the defaults.
Loaded from_conf(std::string_view text);
Loaded from_yaml(std::string_view text);

// The daemon's load with no default config places: args follow "turnserver".
LoadResult from_args(std::initializer_list<std::string> args);

// Every diagnostic through to_string(), one a line, for substring checks.
std::string messages(const Diagnostics& diagnostics);

}  // namespace turn::config::testing
