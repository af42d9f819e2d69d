// The operations options: coturn's prometheus-* (with a safer default
// address), and the admin interface that replaces coturn's CLI.
#include <catch2/catch.hpp>

#include "config_test_support.hpp"

using namespace turn::config;
using namespace turn::config::testing;

namespace {

constexpr const char* kHash = "$5$0123456789abcdef$0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

}  // namespace

TEST_CASE("metrics are off by default, on loopback port 9641 at /metrics when turned on") {
  const Config c;
  CHECK_FALSE(c.prometheus);
  CHECK(c.prometheus_port == 9641);
  CHECK(c.prometheus_address.text == "127.0.0.1");
  CHECK(c.prometheus_path == "/metrics");
  CHECK_FALSE(c.prometheus_username_labels);
  CHECK(c.admin_socket.empty());  // the default path, kDefaultAdminSocket
  CHECK(c.admin_port == 0);
}

TEST_CASE("the prometheus options read from .conf, YAML and the command line alike") {
  const auto conf = from_conf(
      "prometheus\nprometheus-port=9100\nprometheus-address=::1\nprometheus-path=/turn/metrics\n"
      "prometheus-username-labels\n");
  const auto yaml = from_yaml(
      "prometheus: true\nprometheus-port: 9100\nprometheus-address: \"::1\"\nprometheus-path: /turn/metrics\n"
      "prometheus-username-labels: true\n");
  const auto cli = from_args({"--prometheus", "--prometheus-port", "9100", "--prometheus-address", "::1",
                              "--prometheus-path", "/turn/metrics", "--prometheus-username-labels"});
  CHECK(messages(conf.diagnostics).empty());
  CHECK(messages(yaml.diagnostics).empty());
  CHECK(messages(cli.diagnostics).empty());
  CHECK(conf.config == yaml.config);
  CHECK(conf.config == cli.config);
  CHECK(conf.config.prometheus);
  CHECK(conf.config.prometheus_port == 9100);
  CHECK(conf.config.prometheus_address.family == IpFamily::V6);
  CHECK(conf.config.prometheus_path == "/turn/metrics");
  CHECK(conf.config.prometheus_username_labels);
}

TEST_CASE("a prometheus-path that is not an absolute plain path is refused, naming the option") {
  for (const char* bad : {"metrics", "/a b", "/m?x=1", "/m#f", "/%2e", "/a\\b"}) {
    INFO(bad);
    const auto loaded = from_args({"--prometheus-path", bad});
    CHECK_FALSE(loaded.ok());
    CHECK_THAT(messages(loaded.diagnostics), Catch::Contains("prometheus-path"));
  }
  CHECK_FALSE(from_args({"--prometheus-path", "/" + std::string(300, 'a')}).ok());
}

TEST_CASE("bad prometheus ports and addresses are refused") {
  CHECK_FALSE(from_args({"--prometheus-port", "0"}).ok());
  CHECK_FALSE(from_args({"--prometheus-port", "65536"}).ok());
  CHECK_FALSE(from_args({"--prometheus-address", "localhost"}).ok());
}

TEST_CASE("admin-socket takes an absolute path that fits a Unix socket") {
  CHECK(from_conf("admin-socket=/tmp/t/admin.sock\n").config.admin_socket == "/tmp/t/admin.sock");
  const auto relative = from_args({"--admin-socket", "admin.sock"});
  CHECK_FALSE(relative.ok());
  CHECK_THAT(messages(relative.diagnostics), Catch::Contains("absolute"));
  CHECK_FALSE(from_args({"--admin-socket", "/" + std::string(120, 's')}).ok());
}

TEST_CASE("admin-port needs a hashed password in turnadmin -P's form") {
  const auto without = from_args({"--admin-port", "5766"});
  CHECK_FALSE(without.ok());
  CHECK_THAT(messages(without.diagnostics), Catch::Contains("admin-password-hash"));
  const auto with = from_args({"--admin-port", "5766", "--admin-password-hash", kHash});
  CHECK(messages(with.diagnostics).empty());
  CHECK(with.config.admin_port == 5766);
  CHECK(with.config.admin_password_hash == kHash);
  // A clear-text password is refused rather than silently never matching.
  for (const char* bad : {"secret", "$5$0123$abcd", "$6$0123456789abcdef$00", "$5$0123456789abcdeX$" }) {
    INFO(bad);
    CHECK_FALSE(from_args({"--admin-password-hash", bad}).ok());
  }
}

TEST_CASE("print-config shows the operations options and reads them back") {
  const auto loaded = from_args({"--prometheus", "--prometheus-port", "9100", "--admin-socket", "/tmp/a.sock",
                                 "--admin-port", "5766", "--admin-password-hash", kHash});
  REQUIRE(loaded.ok());
  const auto again = from_yaml(print_config(loaded.config));
  CHECK(messages(again.diagnostics).empty());
  CHECK(again.config == loaded.config);
}
