#include "config_test_support.hpp"

#include <unistd.h>

#include <fstream>
#include <random>
#include <vector>

namespace turn::config::testing {

TempDir::TempDir() {
  std::random_device random;
  path_ = std::filesystem::temp_directory_path() /
          ("turn-config-test-" + std::to_string(::getpid()) + "-" + std::to_string(random()));
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::filesystem::path TempDir::write(const std::string& name, std::string_view content) const {
  auto file = path_ / name;
  std::ofstream(file, std::ios::binary) << content;
  return file;
}

Loaded from_conf(std::string_view text) {
  Loaded loaded;
  load_conf_text(text, "test.conf", loaded.config, loaded.diagnostics);
  return loaded;
}

Loaded from_yaml(std::string_view text) {
  Loaded loaded;
  load_yaml_text(text, "test.yaml", loaded.config, loaded.diagnostics);
  return loaded;
}

LoadResult from_args(std::initializer_list<std::string> args) {
  std::vector<std::string> argv{"turnserver"};
  argv.insert(argv.end(), args.begin(), args.end());
  return load_config(argv, LoadOptions{});
}

std::string messages(const Diagnostics& diagnostics) {
  std::string text;
  for (const auto& diagnostic : diagnostics) text += to_string(diagnostic) + "\n";
  return text;
}

}  // namespace turn::config::testing
