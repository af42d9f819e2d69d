// coturn's config file format: what a turnserver.conf line means.
#include <catch2/catch.hpp>

#include "config_test_support.hpp"
#include "server/config/value_parsers.hpp"

using namespace turn::config;
using namespace turn::config::testing;

TEST_CASE("defaults are coturn's") {
  Config config;
  CHECK(config.listening_port == 3478);
  CHECK(config.tls_listening_port == 5349);
  CHECK(config.min_port == 49152);
  CHECK(config.max_port == 65535);
  CHECK(config.relay_threads == 0);
  CHECK(config.channel_lifetime == Seconds{600});
  CHECK(config.permission_lifetime == Seconds{300});
  CHECK(config.max_allocate_lifetime == Seconds{3600});
  CHECK(config.rest_api_separator == ':');
  CHECK(config.user_quota == 0);
  CHECK(config.total_quota == 0);
  CHECK_FALSE(config.stale_nonce);
}

TEST_CASE("name=value, name value and name = value all set an option") {
  auto loaded = from_conf("listening-port=1000\nmin-port 2000\nmax-port = 3000\n"
                          "realm\t=\texample.org\n");
  CHECK(loaded.diagnostics.empty());
  CHECK(loaded.config.listening_port == 1000);
  CHECK(loaded.config.min_port == 2000);
  CHECK(loaded.config.max_port == 3000);
  CHECK(loaded.config.realm == "example.org");
}

TEST_CASE("comments, whole-line and trailing after whitespace, are ignored") {
  auto loaded = from_conf("# a comment\n   # indented comment\nrealm=a.org # trailing\n"
                          "fingerprint # flag with comment\nstatic-auth-secret=pa#ss\n");
  CHECK(loaded.diagnostics.empty());
  CHECK(loaded.config.realm == "a.org");
  CHECK(loaded.config.fingerprint);
  REQUIRE(loaded.config.static_auth_secrets.size() == 1);
  CHECK(loaded.config.static_auth_secrets[0] == "pa#ss");
}

TEST_CASE("a '#' right after '=' is a value, not a comment") {
  auto loaded = from_conf("rest-api-separator=#\n");
  CHECK(loaded.diagnostics.empty());
  CHECK(loaded.config.rest_api_separator == '#');
}

TEST_CASE("surrounding double or single quotes are stripped from values") {
  auto loaded = from_conf("realm=\"quoted.org\"\nserver-name 'my # server'  # comment\n"
                          "pidfile = \"\"\n");
  CHECK(loaded.diagnostics.empty());
  CHECK(loaded.config.realm == "quoted.org");
  CHECK(loaded.config.server_name == "my # server");
  CHECK(loaded.config.pidfile.empty());
}

TEST_CASE("flag options need no value, and accept a boolean") {
  auto loaded = from_conf("lt-cred-mech\nfingerprint=yes\nno-tls=true\nno-dtls=off\n");
  CHECK(loaded.diagnostics.empty());
  CHECK(loaded.config.lt_cred_mech);
  CHECK(loaded.config.fingerprint);
  CHECK(loaded.config.no_tls);
  CHECK_FALSE(loaded.config.no_dtls);
}

TEST_CASE("repeatable options accumulate, single ones take the last value") {
  auto loaded = from_conf("listening-ip=127.0.0.1\nlistening-ip=::1\nrealm=a\nrealm=b\n"
                          "static-auth-secret=s1\nstatic-auth-secret=s2\n");
  CHECK(loaded.diagnostics.empty());
  REQUIRE(loaded.config.listening_ips.size() == 2);
  CHECK(loaded.config.listening_ips[0].family == IpFamily::V4);
  CHECK(loaded.config.listening_ips[1].family == IpFamily::V6);
  CHECK(loaded.config.listening_ips[1].text == "::1");
  CHECK(loaded.config.realm == "b");
  CHECK(loaded.config.static_auth_secrets == std::vector<std::string>{"s1", "s2"});
}

TEST_CASE("addresses are parsed: IPv4, IPv6, external mappings and peer ranges") {
  auto loaded = from_conf("relay-ip=10.1.2.3\nexternal-ip=203.0.113.5/10.0.0.5\n"
                          "external-ip=2001:db8::1\ndenied-peer-ip=10.0.0.0-10.255.255.255\n"
                          "allowed-peer-ip=fe80::1-fe80::ff\ndenied-peer-ip=192.168.1.1\n");
  REQUIRE(loaded.diagnostics.empty());
  const Config& c = loaded.config;
  CHECK(c.relay_ips.at(0).bytes[0] == 10);
  CHECK(c.relay_ips.at(0).bytes[3] == 3);
  CHECK(c.external_ips.at(0).private_ip->text == "10.0.0.5");
  CHECK_FALSE(c.external_ips.at(1).private_ip);
  CHECK(c.external_ips.at(1).public_ip.family == IpFamily::V6);
  CHECK(c.denied_peer_ips.at(0).last.bytes[1] == 255);
  CHECK(c.allowed_peer_ips.at(0).first.family == IpFamily::V6);
  CHECK(c.denied_peer_ips.at(1).first == c.denied_peer_ips.at(1).last);
}

TEST_CASE("users take a password or a 32-hex-digit MD5 key") {
  auto loaded = from_conf("user=alice:secret:with:colons\n"
                          "user=bob:0x00112233445566778899AABBCCDDEEFF\n");
  REQUIRE(loaded.diagnostics.empty());
  const auto& users = loaded.config.users;
  REQUIRE(users.size() == 2);
  CHECK(users[0].name == "alice");
  CHECK(users[0].password == "secret:with:colons");
  CHECK_FALSE(users[0].key);
  CHECK(users[1].name == "bob");
  CHECK(users[1].password.empty());
  REQUIRE(users[1].key);
  CHECK((*users[1].key)[0] == 0x00);
  CHECK((*users[1].key)[15] == 0xff);
}

TEST_CASE("stale-nonce without a value means 600 seconds") {
  CHECK(from_conf("stale-nonce\n").config.stale_nonce == Seconds{600});
  CHECK(from_conf("stale-nonce=30\n").config.stale_nonce == Seconds{30});
}

TEST_CASE("coturn options kept for compatibility load into the typed config") {
  auto loaded = from_conf("tls-listening-port=5350\nalt-listening-port=3479\n"
                          "alt-tls-listening-port=5351\nno-stun\nstun-only\nmobility\ndtls\n"
                          "log-binding\n");
  CHECK(loaded.diagnostics.empty());
  CHECK(loaded.config.tls_listening_port == 5350);
  CHECK(loaded.config.alt_listening_port == 3479);
  CHECK(loaded.config.alt_tls_listening_port == 5351);
  CHECK((loaded.config.no_stun && loaded.config.stun_only && loaded.config.mobility));
  CHECK((loaded.config.dtls && loaded.config.log_binding));
}

TEST_CASE("alternate and aux servers: ip:port or [ipv6]:port, coturn's default ports for the alternates") {
  auto loaded = from_conf("alternate-server=192.0.2.1:3479\nalternate-server=[2001:db8::1]:3480\n"
                          "alternate-server=192.0.2.2\nalternate-server=2001:db8::2\n"
                          "tls-alternate-server=192.0.2.3\ntls-alternate-domain=turn2.example.org\n"
                          "aux-server=127.0.0.1:3481\naux-server=[::1]:3482\nno-rfc5780\n"
                          "response-origin-only-with-rfc5780\n");
  REQUIRE(loaded.diagnostics.empty());
  const Config& c = loaded.config;
  std::vector<std::string> alternates;
  for (const auto& e : c.alternate_servers) alternates.push_back(format_endpoint(e));
  CHECK(alternates == std::vector<std::string>{"192.0.2.1:3479", "[2001:db8::1]:3480", "192.0.2.2:3478",
                                               "[2001:db8::2]:3478"});
  REQUIRE(c.tls_alternate_servers.size() == 1);
  CHECK(c.tls_alternate_servers[0].port == 5349);
  CHECK(c.tls_alternate_domain == "turn2.example.org");
  REQUIRE(c.aux_servers.size() == 2);
  CHECK(c.aux_servers[1].ip.family == IpFamily::V6);
  CHECK(c.aux_servers[1].port == 3482);
  CHECK((c.no_rfc5780 && c.response_origin_only_with_rfc5780));
}

TEST_CASE("an unknown option warns with file, line and name, and parsing continues") {
  auto loaded = from_conf("realm=a\nno-such-option=1\nrealm=b\n");
  REQUIRE(loaded.diagnostics.size() == 1);
  CHECK(loaded.diagnostics[0].severity == Severity::Warning);
  CHECK(to_string(loaded.diagnostics[0]) ==
        "test.conf:2: warning: no-such-option: unknown option, ignored");
  CHECK(loaded.config.realm == "b");
}

TEST_CASE("a command-line-only option in a file warns and is ignored") {
  auto loaded = from_conf("print-config\n");
  REQUIRE(loaded.diagnostics.size() == 1);
  CHECK(loaded.diagnostics[0].severity == Severity::Warning);
  CHECK_THAT(messages(loaded.diagnostics), Catch::Contains("only valid on the command line"));
}

TEST_CASE("a bad value is an error naming the option, the value and file:line") {
  struct Bad {
    std::string line;
    std::string expected;
  };
  auto bad = GENERATE(values<Bad>({
      {"listening-port=abc", "listening-port: invalid value 'abc': not a port: not a number"},
      {"listening-port=65536", "listening-port: invalid value '65536': not a port: out of range"},
      {"listening-port=0", "listening-port: invalid value '0': not a port: out of range"},
      {"min-port=-1", "min-port: invalid value '-1': not a port: must not be negative"},
      {"user-quota=99999999999999999999999", "user-quota: invalid value '9999"},
      {"user-quota=4294967296", "out of range 0..4294967295"},
      {"max-bps=18446744073709551616", "number too large"},
      {"relay-threads=1000", "relay-threads: invalid value '1000': out of range 0..128"},
      {"relay-threads=+4", "not a number"},
      {"relay-threads= 4x", "not a number"},
      {"channel-lifetime=0", "channel-lifetime: invalid value '0': out of range"},
      {"listening-ip=1.2.3", "listening-ip: invalid value '1.2.3': not an IPv4 or IPv6 address"},
      {"relay-ip=localhost", "relay-ip: invalid value 'localhost': not an IPv4 or IPv6"},
      {"external-ip=1.2.3.4/x", "external-ip: invalid value '1.2.3.4/x': private address"},
      {"user=alice", "user: invalid value 'alice': expected name:password"},
      {"user=:pw", "empty user name"},
      {"user=alice:0x1234", "exactly 32 hex digits"},
      {"user=alice:0xzz112233445566778899aabbccddeeff", "only hex digits"},
      {"denied-peer-ip=10.0.0.5-10.0.0.1", "range start is above range end"},
      {"allowed-peer-ip=10.0.0.1-::1", "range mixes IPv4 and IPv6"},
      {"denied-peer-ip=10.0.0.1-", "range end: empty"},
      {"fingerprint=maybe", "fingerprint: invalid value 'maybe': not a boolean"},
      {"rest-api-separator=::", "exactly one character"},
      {"stale-nonce=soon", "stale-nonce: invalid value 'soon': not a number"},
      {"realm", "realm: missing value"},
      {"realm =   # only a comment", "realm: missing value"},
      {"realm=\"unterminated", "realm: unterminated quote"},
      {"realm=\"a\" b", "realm: text after the closing quote"},
      {"alternate-server=1.2.3.4:99999", "alternate-server: invalid value '1.2.3.4:99999': not a port"},
      {"alternate-server=turn.example.org", "not an IPv4 or IPv6 address"},
      {"alternate-server=[::1", "no ']' after the IPv6 address"},
      {"alternate-server=[::1]x", "expected ':' and a port after ']'"},
      {"tls-alternate-server=1.2.3.4:", "empty port after ':'"},
      {"aux-server=127.0.0.1", "aux-server: invalid value '127.0.0.1': a port is needed"},
      {"aux-server=127.0.0.1:0", "not a port: out of range"},
      {"tls-alternate-domain=bad domain", "not a domain name"},
      {"no-rfc5780=perhaps", "no-rfc5780: invalid value 'perhaps': not a boolean"},
  }));
  auto loaded = from_conf(bad.line + "\n");
  INFO(bad.line);
  REQUIRE(has_errors(loaded.diagnostics));
  CHECK_THAT(messages(loaded.diagnostics), Catch::Contains("test.conf:1: error: ") &&
                                               Catch::Contains(bad.expected));
}

TEST_CASE("hostile file content never crashes and is reported safely") {
  auto hostile = GENERATE(std::string(1 << 20, 'x'), std::string("realm=a\0b\n\0\0=\n", 14),
                          std::string("\xff\xfe\xc3(=\x80\n"), std::string("=\n==\n = x\n"),
                          std::string("listening-port=" + std::string(100000, '9') + "\n"),
                          std::string("realm=") + std::string(70000, 'r'));
  auto loaded = from_conf(hostile);
  for (const auto& d : loaded.diagnostics) {
    std::string text = to_string(d);
    CHECK(text.size() < 400);
    CHECK(text.find('\0') == std::string::npos);
  }
}

TEST_CASE("CRLF line endings are accepted") {
  auto loaded = from_conf("realm=crlf.org\r\nlt-cred-mech\r\n");
  CHECK(loaded.diagnostics.empty());
  CHECK(loaded.config.realm == "crlf.org");
  CHECK(loaded.config.lt_cred_mech);
}
