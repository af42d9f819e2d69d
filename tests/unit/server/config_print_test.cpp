// --print-config and --help: both generated from the one option table.
#include <catch2/catch.hpp>

#include "config_test_support.hpp"
#include "server/config/option_table.hpp"

using namespace turn::config;
using namespace turn::config::testing;

namespace {

Config round_trip(const Config& config) {
  auto loaded = from_yaml(print_config(config));
  INFO(print_config(config));
  CHECK(messages(loaded.diagnostics).empty());
  return loaded.config;
}

}  // namespace

TEST_CASE("printed defaults load back to the defaults") {
  CHECK(round_trip(Config{}) == Config{});
}

TEST_CASE("a config using every kind of option prints as YAML that loads back the same") {
  auto loaded = from_conf(R"(
listening-port=3480
alt-listening-port=3481
listening-ip=127.0.0.1
listening-ip=::1
relay-ip=127.0.0.1
external-ip=203.0.113.1/10.0.0.1
min-port=50000
max-port=50100
relay-threads=2
lt-cred-mech
user=alice:pa ss#word: "quoted"
user=bob:0x00112233445566778899aabbccddeeff
realm=example.org
use-auth-secret
static-auth-secret=s3cr3t#1
static-auth-secret=: starts with colon
rest-api-separator=#
server-name=true
fingerprint
stale-nonce=42
max-allocate-lifetime=1800
user-quota=10
max-bps=18446744073709551615
denied-peer-ip=10.0.0.0-10.255.255.255
allowed-peer-ip=fe80::1
log-file=stdout
Verbose
no-cli
)");
  REQUIRE(messages(loaded.diagnostics).empty());
  CHECK(round_trip(loaded.config) == loaded.config);
}

TEST_CASE("secrets with control or non-ASCII bytes still print as loadable YAML") {
  Config config;
  config.static_auth_secrets = {std::string("tab\there"), "caf\xc3\xa9", "nul\0x"};
  config.static_auth_secrets[2] = std::string("nul\0x", 5);
  config.realm = "r\xc3\xa9";
  CHECK(round_trip(config) == config);
}

TEST_CASE("flags that are off and empty values are left out of the printout") {
  std::string printed = print_config(Config{});
  CHECK(printed.find("fingerprint") == std::string::npos);
  CHECK(printed.find("realm") == std::string::npos);
  CHECK(printed.find("listening-port: 3478") != std::string::npos);
}

TEST_CASE("help: lists every option with its short flag and value") {
  std::string help = help_text("turnserver");
  CHECK_THAT(help, Catch::StartsWith("Usage: turnserver [-c <file> | -n] [options]"));
  for (const auto& option : option_table()) {
    INFO(option.name);
    CHECK(help.find("--" + std::string(option.name)) != std::string::npos);
    // Under the heading of its group (the man page's subsections too).
    CHECK_FALSE(option.group.empty());
    CHECK(help.find("\n" + std::string(option.group) + ":\n") != std::string::npos);
  }
  CHECK(help.find("  -p, --listening-port <port>") != std::string::npos);
  CHECK(help.find("--stale-nonce[=<seconds>]") != std::string::npos);
}
