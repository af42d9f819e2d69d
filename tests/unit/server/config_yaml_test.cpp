// The YAML form: the same long names, scalars, lists and true for flags.
#include <catch2/catch.hpp>

#include "config_test_support.hpp"

using namespace turn::config;
using namespace turn::config::testing;

TEST_CASE("YAML scalars, lists and true for flags fill the same Config") {
  auto loaded = from_yaml(R"(
listening-port: 3479
listening-ip: [127.0.0.1, "::1"]
relay-ip:
  - 127.0.0.1
lt-cred-mech: true
user: "alice:secret"
realm: example.org
stale-nonce:
channel-lifetime: 120
)");
  CHECK(messages(loaded.diagnostics).empty());
  auto conf = from_conf("listening-port 3479\nlistening-ip 127.0.0.1\nlistening-ip ::1\n"
                        "relay-ip 127.0.0.1\nlt-cred-mech\nuser alice:secret\n"
                        "realm example.org\nstale-nonce\nchannel-lifetime 120\n");
  CHECK(loaded.config == conf.config);
}

TEST_CASE("alternate-server and aux-server lists in YAML are the .conf's repeated lines") {
  auto yaml = from_yaml("alternate-server: [192.0.2.1:3478, \"[2001:db8::1]:3478\"]\n"
                        "aux-server:\n  - 127.0.0.1:3480\nno-rfc5780: true\n");
  auto conf = from_conf("alternate-server=192.0.2.1:3478\nalternate-server=[2001:db8::1]:3478\n"
                        "aux-server=127.0.0.1:3480\nno-rfc5780\n");
  CHECK(messages(yaml.diagnostics).empty());
  CHECK(yaml.config == conf.config);
  CHECK(yaml.config.alternate_servers.size() == 2);
}

TEST_CASE("a YAML flag set to false stays off") {
  auto loaded = from_yaml("fingerprint: false\nno-tls: no\n");
  CHECK(loaded.diagnostics.empty());
  CHECK_FALSE(loaded.config.fingerprint);
  CHECK_FALSE(loaded.config.no_tls);
}

TEST_CASE("an empty YAML document sets nothing") {
  auto loaded = from_yaml("# only a comment\n");
  CHECK(loaded.diagnostics.empty());
  CHECK(loaded.config == Config{});
}

TEST_CASE("an unknown YAML option warns with its line, and loading continues") {
  auto loaded = from_yaml("realm: a\nbogus: 1\nlistening-port: 4000\n");
  REQUIRE(loaded.diagnostics.size() == 1);
  CHECK(to_string(loaded.diagnostics[0]) == "test.yaml:2: warning: bogus: unknown option, ignored");
  CHECK(loaded.config.listening_port == 4000);
}

TEST_CASE("YAML mistakes are errors naming the file and line") {
  struct Bad {
    std::string text;
    std::string expected;
  };
  auto bad = GENERATE(values<Bad>({
      {"realm: a\nlistening-port: [1, 2]\n", "test.yaml:2: error: listening-port: takes one value"},
      {"realm: a\nrealm: {x: 1}\n", "test.yaml:2: error: realm: expected a value or a list"},
      {"listening-ip: [[1.2.3.4]]\n", "test.yaml:1: error: listening-ip: list items must be plain"},
      {"- a\n- b\n", "test.yaml:1: error: expected a mapping from option names"},
      {"just text\n", "expected a mapping"},
      {"realm: a\n  bad: indent: here\n", "test.yaml:2: error: YAML: "},
      {"realm: [unclosed\n", "test.yaml:2: error: YAML: "},
      {"? [a, b]\n: c\n", "option names must be plain text"},
      {"listening-port: 70000\n", "test.yaml:1: error: listening-port: invalid value '70000'"},
      {"min-port: -1\n", "test.yaml:1: error: min-port: invalid value '-1': not a port: must not"},
      {"user:\n  - nocolon\n", "test.yaml:2: error: user: invalid value 'nocolon'"},
      {"realm:\n", "test.yaml:1: error: realm: missing value"},
      {"fingerprint: sometimes\n", "fingerprint: invalid value 'sometimes': not a boolean"},
      {"realm: a\nalternate-server:\n  - 192.0.2.1:3478\n  - 192.0.2.1:x\n",
       "test.yaml:4: error: alternate-server: invalid value '192.0.2.1:x': not a port"},
      {"aux-server: [\"[::1]\"]\n", "test.yaml:1: error: aux-server: invalid value '[::1]': a port is needed"},
  }));
  auto loaded = from_yaml(bad.text);
  INFO(bad.text);
  CHECK(has_errors(loaded.diagnostics));
  CHECK_THAT(messages(loaded.diagnostics), Catch::Contains(bad.expected));
}

TEST_CASE("hostile YAML never crashes and never throws") {
  auto hostile = GENERATE(std::string("realm: \"a\0b\"\n", 13), std::string("\xff\xfe: \x80\n"),
                          std::string(10000, '[') , std::string(100000, '{'),
                          std::string("a: &x [*x]\n"), std::string("realm: *undefined\n"),
                          std::string("\t\t: :\n---\n---\n"));
  Loaded loaded;
  CHECK_NOTHROW(loaded = from_yaml(hostile));
  for (const auto& d : loaded.diagnostics) CHECK(to_string(d).size() < 400);
}
