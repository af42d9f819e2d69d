// Where the config comes from: -c, -n, the default places, and precedence.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "config_test_support.hpp"
#include "server/config/option_table.hpp"

using namespace turn::config;
using namespace turn::config::testing;

namespace {

LoadResult load(std::vector<std::string> args, LoadOptions options = {}) {
  args.insert(args.begin(), "turnserver");
  return load_config(args, options);
}

std::string read_sample(const std::string& path) {
  std::ostringstream text;
  text << std::ifstream(path).rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("the command line overrides single options of the file and extends lists") {
  TempDir dir;
  auto file = dir.write("t.conf", "listening-port=1000\nrealm=file.org\nlistening-ip=127.0.0.1\n");
  auto result = load({"-c", file.string(), "-p", "2000", "-L", "::1"});
  REQUIRE(result.ok());
  CHECK(result.config_file == file.string());
  CHECK(result.config.listening_port == 2000);
  CHECK(result.config.realm == "file.org");
  REQUIRE(result.config.listening_ips.size() == 2);
  CHECK(result.config.listening_ips[0].text == "127.0.0.1");
  CHECK(result.config.listening_ips[1].text == "::1");
}

TEST_CASE("cross-field checks see the merged result") {
  TempDir dir;
  auto file = dir.write("t.conf", "min-port=60000\nmax-port=50000\n");
  CHECK_FALSE(load({"-c", file.string()}).ok());
  CHECK(load({"-c", file.string(), "--max-port", "65000"}).ok());
}

TEST_CASE("a -c file that cannot be read is an error naming the path and errno text") {
  TempDir dir;
  auto missing = (dir.path() / "missing.conf").string();
  auto result = load({"-c", missing});
  CHECK_FALSE(result.ok());
  CHECK_THAT(messages(result.diagnostics),
             Catch::Contains(missing + ": error: cannot read config file: No such file or "
                                       "directory"));
  auto directory = load({"-c", dir.path().string()});
  CHECK_FALSE(directory.ok());
  CHECK_THAT(messages(directory.diagnostics), Catch::Contains("Is a directory"));
}

TEST_CASE("a file's warnings and errors carry its path and line") {
  TempDir dir;
  auto file = dir.write("t.conf", "# comment\nbogus-option\nlistening-port=x\n");
  auto result = load({"-c", file.string()});
  CHECK_THAT(messages(result.diagnostics),
             Catch::Contains(file.string() + ":2: warning: bogus-option: unknown option") &&
                 Catch::Contains(file.string() + ":3: error: listening-port"));
}

TEST_CASE("without -c and -n the first default place that exists is read") {
  TempDir dir;
  auto second = dir.write("second.conf", "realm=second\n");
  dir.write("third.conf", "realm=third\n");
  LoadOptions options{{dir.path() / "first.conf", second, dir.path() / "third.conf"}};
  auto result = load({}, options);
  CHECK(result.ok());
  CHECK(result.config.realm == "second");
  CHECK(result.config_file == second.string());
}

TEST_CASE("a missing default file is not an error, and -n skips even an existing one") {
  TempDir dir;
  auto absent = load({}, LoadOptions{{dir.path() / "none.conf"}});
  CHECK(absent.diagnostics.empty());
  CHECK(absent.config_file.empty());
  auto existing = dir.write("turnserver.conf", "realm=there\n");
  auto skipped = load({"-n"}, LoadOptions{{existing}});
  CHECK(skipped.diagnostics.empty());
  CHECK(skipped.config.realm.empty());
}

TEST_CASE("an unreadable default place only warns") {
  TempDir dir;
  auto result = load({}, LoadOptions{{dir.path()}});
  CHECK(result.ok());
  REQUIRE(result.diagnostics.size() == 1);
  CHECK(result.diagnostics[0].severity == Severity::Warning);
}

TEST_CASE("the .yaml and .yml extensions select the YAML loader") {
  TempDir dir;
  for (std::string name : {"t.yaml", "t.yml"}) {
    auto file = dir.write(name, "realm: yaml.org\nlisting-ip-typo: 1\n");
    auto result = load({"-c", file.string()});
    CHECK(result.ok());
    CHECK(result.config.realm == "yaml.org");
    CHECK_THAT(messages(result.diagnostics), Catch::Contains(file.string() + ":2: warning"));
  }
}

TEST_CASE("the sample etc/turnserver.conf and etc/turnserver.yaml give the same Config") {
  auto conf = load({"-c", TURN_ETC_DIR "/turnserver.conf"});
  auto yaml = load({"-c", TURN_ETC_DIR "/turnserver.yaml"});
  CHECK(messages(conf.diagnostics).empty());
  CHECK(messages(yaml.diagnostics).empty());
  CHECK(conf.config == yaml.config);
  CHECK(print_config(conf.config) == print_config(yaml.config));
  // The sample runs on localhost without root.
  CHECK(conf.config.listening_ips.at(0).text == "127.0.0.1");
  CHECK(conf.config.min_port >= 1024);
  CHECK(conf.config.lt_cred_mech);
  CHECK(conf.config.log_file == "stdout");
}

TEST_CASE("the samples show every option the config file accepts") {
  for (std::string sample : {"/turnserver.conf", "/turnserver.yaml"}) {
    auto text = read_sample(TURN_ETC_DIR + sample);
    for (const auto& option : option_table()) {
      if (option.command_line_only()) continue;
      INFO(sample << ": " << option.name);
      CHECK(text.find(std::string(option.name)) != std::string::npos);
    }
  }
}
