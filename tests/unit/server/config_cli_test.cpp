// The command line: coturn's long and short flags, getopt_long style.
#include <catch2/catch.hpp>

#include "config_test_support.hpp"

using namespace turn::config;
using namespace turn::config::testing;

TEST_CASE("long options take a separate value or one after '='") {
  auto result = from_args({"--listening-port", "1234", "--realm=example.org", "--fingerprint"});
  CHECK(result.ok());
  CHECK(result.action == Action::Run);
  CHECK(result.config.listening_port == 1234);
  CHECK(result.config.realm == "example.org");
  CHECK(result.config.fingerprint);
}

TEST_CASE("short options take a separate or an attached value") {
  auto result = from_args({"-p", "1234", "-m4", "-L", "127.0.0.1", "-L::1", "-u", "a:b",
                           "-r", "r.org", "-X", "1.2.3.4", "-E", "10.0.0.1", "-C", "-"});
  CHECK(messages(result.diagnostics).empty());
  CHECK(result.config.listening_port == 1234);
  CHECK(result.config.relay_threads == 4);
  CHECK(result.config.listening_ips.size() == 2);
  CHECK(result.config.users.at(0).name == "a");
  CHECK(result.config.realm == "r.org");
  CHECK(result.config.external_ips.size() == 1);
  CHECK(result.config.relay_ips.size() == 1);
  CHECK(result.config.rest_api_separator == '-');
}

TEST_CASE("short flags can be clustered, ending with one that takes a value") {
  auto result = from_args({"-afol", "stdout"});
  CHECK(result.ok());
  CHECK(result.config.lt_cred_mech);
  CHECK(result.config.fingerprint);
  CHECK(result.config.daemon);
  CHECK(result.config.log_file == "stdout");
}

TEST_CASE("verbosity: -v and -V set it, the last one winning") {
  CHECK(from_args({"-v"}).config.verbosity == Verbosity::Verbose);
  CHECK(from_args({"-V"}).config.verbosity == Verbosity::Extra);
  CHECK(from_args({"-V", "--verbose"}).config.verbosity == Verbosity::Verbose);
}

TEST_CASE("stale-nonce takes a value only after '='") {
  CHECK(from_args({"--stale-nonce"}).config.stale_nonce == Seconds{600});
  CHECK(from_args({"--stale-nonce=120"}).config.stale_nonce == Seconds{120});
  auto separate = from_args({"--stale-nonce", "120"});
  CHECK_FALSE(separate.ok());
  CHECK_THAT(messages(separate.diagnostics), Catch::Contains("unexpected argument '120'"));
}

TEST_CASE("a required value is the next argument even when it starts with '-'") {
  auto result = from_args({"--static-auth-secret", "-secret-"});
  CHECK(result.ok());
  CHECK(result.config.static_auth_secrets.at(0) == "-secret-");
}

TEST_CASE("command-line mistakes are errors naming the option and 'command line'") {
  struct Bad {
    std::vector<std::string> args;
    std::string expected;
  };
  auto bad = GENERATE(values<Bad>({
      {{"--no-such-option"}, "command line: error: --no-such-option: unknown option"},
      {{"--no-such=1"}, "--no-such: unknown option"},
      {{"-Y"}, "command line: error: -Y: unknown option"},
      {{"-aY"}, "-Y: unknown option"},
      {{"stray"}, "unexpected argument 'stray'"},
      {{"--"}, "unexpected argument '--'"},
      {{"-"}, "unexpected argument '-'"},
      {{"-p"}, "command line: error: listening-port: missing value"},
      {{"--realm"}, "realm: missing value"},
      {{"-c"}, "config: missing value"},
      {{"-p", "http"}, "listening-port: invalid value 'http': not a port: not a number"},
      {{"-p99999"}, "listening-port: invalid value '99999': not a port: out of range"},
      {{"--min-port=-5"}, "min-port: invalid value '-5': not a port: must not be negative"},
      {{"-u", "nocolon"}, "user: invalid value 'nocolon': expected name:password"},
      {{"--denied-peer-ip=1.1.1.1-::1"}, "range mixes IPv4 and IPv6"},
      {{"--max-bps=123456789012345678901234567890"}, "number too large"},
  }));
  std::vector<std::string> argv{"turnserver"};
  argv.insert(argv.end(), bad.args.begin(), bad.args.end());
  auto result = load_config(argv, LoadOptions{});
  INFO(bad.args.front());
  CHECK_FALSE(result.ok());
  CHECK_THAT(messages(result.diagnostics), Catch::Contains(bad.expected));
}

TEST_CASE("help and version: -h and --version ask for an action without reading a config") {
  CHECK(from_args({"-h"}).action == Action::PrintHelp);
  CHECK(from_args({"--help", "-c", "/nonexistent.conf"}).action == Action::PrintHelp);
  CHECK(from_args({"--version"}).action == Action::PrintVersion);
  CHECK_FALSE(version().empty());
}

TEST_CASE("print-config: loads everything and asks to print it") {
  auto result = from_args({"--print-config", "-p", "4000"});
  CHECK(result.ok());
  CHECK(result.action == Action::PrintConfig);
  CHECK(result.config.listening_port == 4000);
}

TEST_CASE("cross-field rules are checked once all sources are merged") {
  auto ports = from_args({"--min-port", "60000", "--max-port", "50000"});
  CHECK_THAT(messages(ports.diagnostics),
             Catch::Contains("configuration: error: min-port: min-port 60000 is above "
                             "max-port 50000"));
  auto auth = from_args({"-a", "-z"});
  CHECK_THAT(messages(auth.diagnostics),
             Catch::Contains("lt-cred-mech and no-auth cannot both be set"));
  auto rest = from_args({"--use-auth-secret"});
  CHECK(rest.ok());
  CHECK(from_args({"--min-port", "50000", "--max-port", "50000"}).ok());
}

TEST_CASE("argv from main converts, including empty arguments") {
  const char* argv[] = {"turnserver", "-n", "--realm", "", "-p", "5000"};
  auto result = load_config(6, argv);
  CHECK(result.ok());
  CHECK(result.config.listening_port == 5000);
  CHECK(result.config_file.empty());
}

TEST_CASE("the user database is -b, --db or --userdb, as in coturn") {
  CHECK(from_args({"-b", "/tmp/a.db"}).config.userdb == "/tmp/a.db");
  CHECK(from_args({"--db=/tmp/b.db"}).config.userdb == "/tmp/b.db");
  CHECK(from_args({"--userdb", "/tmp/c.db"}).config.userdb == "/tmp/c.db");
}
