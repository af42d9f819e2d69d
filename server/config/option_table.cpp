#include "option_table.hpp"

#include <algorithm>

#include "option_fields.hpp"

namespace turn::config {
namespace {

using fields::Access;

// coturn's default when stale-nonce is given without a value.
constexpr Seconds kDefaultStaleNonce{600};
// coturn's MAX_NUMBER_OF_GENERAL_RELAY_SERVERS.
constexpr std::uint64_t kMaxRelayThreads = 128;
// turnsignal's bounds: a full mesh beyond a few dozen peers does not work in a
// browser, and a message below 1 KiB cannot carry an SDP offer.
constexpr std::uint64_t kMaxSignalingRoomSize = 64;
constexpr std::uint64_t kMaxSignalingCount = 1000000;
constexpr std::uint64_t kMinSignalingMessage = 1024;
// unauthorized-ratelimit-rps: at least one answer a second, or no client
// could ever learn a nonce.
constexpr std::uint64_t kMaxUnauthorizedRps = 1000000;
constexpr std::uint64_t kMaxSignalingMessage = 16 * 1024 * 1024;
// Where coturn sends clients that alternate-server / tls-alternate-server
// name without a port: the standard STUN and STUN over TLS ports.
constexpr std::uint16_t kStunPort = 3478;
constexpr std::uint16_t kStunTlsPort = 5349;

Parsed<bool> flag_value(std::optional<std::string_view> value) {
  return value ? parse_bool(*value) : Parsed<bool>(true);
}

// verbose / Verbose: two flags over one field; the last one given wins.
Access verbosity(Verbosity level) {
  return {[=](Config& config, std::optional<std::string_view> value) -> std::optional<Refusal> {
            auto on = flag_value(value);
            if (!on.ok()) return Refusal{on.reason()};
            if (on.value()) {
              config.verbosity = level;
            } else if (config.verbosity == level) {
              config.verbosity = Verbosity::Normal;
            }
            return std::nullopt;
          },
          [=](const Config& config) -> std::vector<std::string> {
            if (config.verbosity != level) return {};
            return {"true"};
          }};
}

Access stale_nonce() {
  return {[](Config& config, std::optional<std::string_view> value) -> std::optional<Refusal> {
            if (!value) {
              config.stale_nonce = kDefaultStaleNonce;
              return std::nullopt;
            }
            auto parsed = fields::parse_seconds(*value);
            if (!parsed.ok()) return Refusal{parsed.reason()};
            config.stale_nonce = parsed.value();
            return std::nullopt;
          },
          [](const Config& config) -> std::vector<std::string> {
            if (!config.stale_nonce) return {};
            return {fields::format_seconds(*config.stale_nonce)};
          }};
}

Parsed<char> parse_separator(std::string_view text) {
  if (text.size() != 1) return Refusal{"must be exactly one character"};
  return text.front();
}

// ip:port values; `default_port` 0: the port is required.
Access endpoints(std::vector<Endpoint> Config::*field, std::uint16_t default_port) {
  return fields::repeated(
      field, [default_port](std::string_view text) { return parse_endpoint(text, default_port); }, format_endpoint);
}

Access rest_api_separator() {
  return fields::scalar(&Config::rest_api_separator, parse_separator,
                        [](char c) { return std::string(1, c); });
}

// A second long name for an option: it sets the same field, and reads back
// nothing, so --print-config shows the value once, under the main name.
Access alias(Access access) {
  access.get = [](const Config&) -> std::vector<std::string> { return {}; };
  return access;
}

OptionDescriptor flag(std::string_view name, char short_flag, std::string_view help,
                      Access access) {
  return {name, short_flag, ValueKind::Flag, false, "", help, Request::None,
          std::move(access.set), std::move(access.get), {}};
}

OptionDescriptor value(std::string_view name, char short_flag, std::string_view value_name,
                       std::string_view help, Access access) {
  return {name, short_flag, ValueKind::Required, false, value_name, help, Request::None,
          std::move(access.set), std::move(access.get), {}};
}

OptionDescriptor list(std::string_view name, char short_flag, std::string_view value_name,
                      std::string_view help, Access access) {
  OptionDescriptor option = value(name, short_flag, value_name, help, std::move(access));
  option.repeatable = true;
  return option;
}

// A value only as --name=value, so "--stale-nonce --foo" never eats --foo.
OptionDescriptor optional_value(std::string_view name, std::string_view value_name,
                                std::string_view help, Access access) {
  OptionDescriptor option = value(name, 0, value_name, help, std::move(access));
  option.kind = ValueKind::Optional;
  return option;
}

OptionDescriptor request(std::string_view name, char short_flag, ValueKind kind,
                         std::string_view value_name, std::string_view help, Request what) {
  return {name, short_flag, kind, false, value_name, help, what, {}, {}, {}};
}

std::vector<OptionDescriptor> loading_options() {
  return {
      request("config", 'c', ValueKind::Required, "<file>",
              "Read this config file (.conf, or YAML when it ends in .yaml/.yml).",
              Request::ConfigFile),
      request("no-config", 'n', ValueKind::Flag, "", "Do not read any config file.",
              Request::NoConfigFile),
      request("help", 'h', ValueKind::Flag, "", "Print this help and exit.", Request::Help),
      request("version", 0, ValueKind::Flag, "", "Print the version and exit.", Request::Version),
      request("print-config", 0, ValueKind::Flag, "",
              "Print the effective configuration as YAML and exit.", Request::PrintConfig),
  };
}

std::vector<OptionDescriptor> listener_options() {
  using namespace fields;
  return {
      value("listening-port", 'p', "<port>", "TURN listener port (default 3478).",
            port(&Config::listening_port)),
      value("tls-listening-port", 0, "<port>", "TLS and DTLS listener port (default 5349).",
            port(&Config::tls_listening_port)),
      value("alt-listening-port", 0, "<port>", "Alternative port (default listening-port + 1).",
            port(&Config::alt_listening_port, true)),
      value("alt-tls-listening-port", 0, "<port>",
            "Alternative TLS port (default tls-listening-port + 1).",
            port(&Config::alt_tls_listening_port, true)),
      list("listening-ip", 'L', "<ip>", "Listener address; repeatable (default: all).",
           repeated(&Config::listening_ips, parse_ip, [](const IpAddress& ip) { return ip.text; })),
      list("relay-ip", 'E', "<ip>", "Relay address for relayed sockets; repeatable.",
           repeated(&Config::relay_ips, parse_ip, [](const IpAddress& ip) { return ip.text; })),
      list("external-ip", 'X', "<public[/private]>", "Public address behind NAT; repeatable.",
           repeated(&Config::external_ips, parse_external_ip, format_external_ip)),
      flag("no-udp", 0, "Do not listen on UDP.", fields::flag(&Config::no_udp)),
      flag("no-tcp", 0, "Do not listen on TCP.", fields::flag(&Config::no_tcp)),
      flag("no-tls", 0, "Do not listen on TLS.", fields::flag(&Config::no_tls)),
      flag("no-dtls", 0, "Do not listen on DTLS (wins over dtls).", fields::flag(&Config::no_dtls)),
      flag("no-udp-gro", 0, "Do not let the kernel coalesce received UDP datagrams of one flow (UDP_GRO).",
           fields::flag(&Config::no_udp_gro)),
      flag("io-uring", 0, "Hand each loop turn's UDP sends to the kernel in one io_uring submission.",
           fields::flag(&Config::io_uring)),
      flag("dtls", 0, "DTLS on the UDP TLS ports; needs cert (default off).", fields::flag(&Config::dtls)),
      flag("no-stun", 0, "Answer TURN requests only.", fields::flag(&Config::no_stun)),
      flag("stun-only", 'S', "Answer STUN requests only.", fields::flag(&Config::stun_only)),
      value("cert", 0, "<file>", "Certificate file (PEM) for TLS and DTLS.", text(&Config::cert)),
      value("pkey", 0, "<file>", "Private key file (PEM) for TLS and DTLS.", text(&Config::pkey)),
      list("aux-server", 0, "<ip:port>", "Extra UDP and TCP listening endpoint, no RFC 5780; repeatable.",
           endpoints(&Config::aux_servers, 0)),
      flag("no-rfc5780", 0, "No RFC 5780 NAT behaviour discovery (on with two listening IPs).",
           fields::flag(&Config::no_rfc5780)),
      flag("response-origin-only-with-rfc5780", 0, "Accepted: RESPONSE-ORIGIN is only sent with RFC 5780.",
           fields::flag(&Config::response_origin_only_with_rfc5780)),
  };
}

// RFC 8489 §10: Allocate requests answered 300 (Try Alternate), round-robin.
std::vector<OptionDescriptor> redirect_options() {
  using namespace fields;
  return {
      list("alternate-server", 0, "<ip[:port]>",
           "Redirect Allocate requests here (300), round-robin; repeatable (port 3478 by default).",
           endpoints(&Config::alternate_servers, kStunPort)),
      list("tls-alternate-server", 0, "<ip[:port]>",
           "Same for TLS and DTLS clients; repeatable (port 5349 by default).",
           endpoints(&Config::tls_alternate_servers, kStunTlsPort)),
      value("tls-alternate-domain", 0, "<name>",
            "ALTERNATE-DOMAIN in redirects of TLS/DTLS clients: the alternates' certificate name.",
            scalar(&Config::tls_alternate_domain, parse_domain, identity)),
  };
}

std::vector<OptionDescriptor> tls_options() {
  using namespace fields;
  return {
      value("CA-file", 0, "<file>", "CA bundle (PEM) to verify client certificates.",
            text(&Config::ca_file)),
      value("cipher-list", 0, "<list>", "OpenSSL cipher list for TLS 1.2.",
            text(&Config::cipher_list)),
      value("dh-file", 0, "<file>", "DH parameters (PEM) for DHE ciphers.", text(&Config::dh_file)),
      value("ec-curve-name", 0, "<name>", "Key exchange group (e.g. prime256v1).",
            text(&Config::ec_curve_name)),
      flag("no-tlsv1", 0, "Accepted: TLS 1.0 is never offered.", fields::flag(&Config::no_tlsv1)),
      flag("no-tlsv1_1", 0, "Accepted: TLS 1.1 is never offered.",
           fields::flag(&Config::no_tlsv1_1)),
      flag("no-tlsv1_2", 0, "No TLS 1.2: TLS 1.3 only.", fields::flag(&Config::no_tlsv1_2)),
      value("max-tcp-connections-per-thread", 0, "<number>",
            "TCP/TLS connections, and DTLS sessions, per relay thread (default 10000).",
            number(&Config::max_tcp_connections_per_thread)),
      value("tcp-handshake-timeout", 0, "<seconds>",
            "Close TCP/TLS without a first request, DTLS without a handshake (default 10).",
            seconds(&Config::tcp_handshake_timeout)),
      value("tcp-idle-timeout", 0, "<seconds>",
            "Close silent TCP/TLS/DTLS clients that hold no allocation (default 60).",
            seconds(&Config::tcp_idle_timeout)),
      value("tcp-write-timeout", 0, "<seconds>",
            "Close TCP/TLS clients that stop reading for this long (default 30).",
            seconds(&Config::tcp_write_timeout)),
  };
}

std::vector<OptionDescriptor> relay_and_auth_options() {
  using namespace fields;
  return {
      value("min-port", 0, "<port>", "Lowest relay port (default 49152).", port(&Config::min_port)),
      value("max-port", 0, "<port>", "Highest relay port (default 65535).", port(&Config::max_port)),
      value("relay-threads", 'm', "<number>", "Relay threads (default 0: one per core).",
            number(&Config::relay_threads, kMaxRelayThreads)),
      flag("mobility", 0, "Mobility with ICE (MICE, RFC 8016): UDP allocations follow their client to a new address.",
           fields::flag(&Config::mobility)),
      flag("no-tcp-relay", 0, "No TCP relay endpoints (RFC 6062): TCP allocations get 442.",
           fields::flag(&Config::no_tcp_relay)),
      value("tcp-relay-bind-timeout", 0, "<seconds>",
            "Close a TCP relay peer connection without a ConnectionBind by then (default 30, RFC 6062).",
            seconds(&Config::tcp_relay_bind_timeout)),
      flag("lt-cred-mech", 'a', "Use long-term credentials.", fields::flag(&Config::lt_cred_mech)),
      flag("no-auth", 'z', "Allow anonymous access.", fields::flag(&Config::no_auth)),
      list("user", 'u', "<name:password>", "A user, password or 0x<md5 key>; repeatable.",
           repeated(&Config::users, parse_user, format_user)),
      value("userdb", 'b', "<file>",
            "SQLite user database (coturn's schema; created if missing). Default: the first "
            "existing of /var/db/turndb, /usr/local/var/db/turndb, /var/lib/turn/turndb, with "
            "lt-cred-mech.",
            text(&Config::userdb)),
      value("db", 0, "<file>", "Same as --userdb.", alias(text(&Config::userdb))),
      value("realm", 'r', "<realm>", "Default realm.", text(&Config::realm)),
      flag("use-auth-secret", 0, "TURN REST API credentials.",
           fields::flag(&Config::use_auth_secret)),
      list("static-auth-secret", 0, "<secret>", "TURN REST API shared secret; repeatable.",
           texts(&Config::static_auth_secrets)),
      value("rest-api-separator", 'C', "<char>", "REST username separator (default ':').",
            rest_api_separator()),
      flag("oauth", 0, "RFC 7635 third-party authorization: access tokens, keys from the userdb's oauth_key.",
           fields::flag(&Config::oauth)),
      value("server-name", 0, "<name>", "Server name for oauth tokens (default: the realm).",
            text(&Config::server_name)),
      flag("fingerprint", 'f', "Add FINGERPRINT to responses.",
           fields::flag(&Config::fingerprint)),
      optional_value("stale-nonce", "[=<seconds>]", "Nonce lifetime (default 600 when given).",
                     stale_nonce()),
  };
}

std::vector<OptionDescriptor> limit_options() {
  using namespace fields;
  return {
      value("max-allocate-lifetime", 0, "<seconds>", "Longest allocation (default 3600).",
            seconds(&Config::max_allocate_lifetime)),
      value("channel-lifetime", 0, "<seconds>", "Channel binding lifetime (default 600).",
            seconds(&Config::channel_lifetime)),
      value("permission-lifetime", 0, "<seconds>", "Permission lifetime (default 300).",
            seconds(&Config::permission_lifetime)),
      value("user-quota", 'q', "<number>", "Allocations per user (0: unlimited).",
            number(&Config::user_quota)),
      value("total-quota", 'Q', "<number>", "Allocations in total (0: unlimited).",
            number(&Config::total_quota)),
      value("max-bps", 's', "<number>", "Bytes per second per session (0: unlimited).",
            number(&Config::max_bps)),
      value("bps-capacity", 'B', "<number>", "Bytes per second in total (0: unlimited).",
            number(&Config::bps_capacity)),
      flag("unauthorized-ratelimit", 0,
           "Limit unsigned UDP error responses (401, 438, 400) per source IP: a spoofed source cannot turn "
           "the server into a reflector.",
           fields::flag(&Config::unauthorized_ratelimit)),
      value("unauthorized-ratelimit-rps", 0, "<number>",
            "With unauthorized-ratelimit: such responses per source IP per second (default 10).",
            in_range(&Config::unauthorized_ratelimit_rps, 1, kMaxUnauthorizedRps)),
      flag("allow-loopback-peers", 0, "Allow loopback peers.",
           fields::flag(&Config::allow_loopback_peers)),
      flag("no-multicast-peers", 0, "Refuse multicast peers.",
           fields::flag(&Config::no_multicast_peers)),
      list("denied-peer-ip", 0, "<ip[-ip]>", "Refused peer address range; repeatable.",
           repeated(&Config::denied_peer_ips, parse_peer_range, format_peer_range)),
      list("allowed-peer-ip", 0, "<ip[-ip]>", "Allowed peer address range; repeatable.",
           repeated(&Config::allowed_peer_ips, parse_peer_range, format_peer_range)),
  };
}

std::vector<OptionDescriptor> process_options() {
  using namespace fields;
  return {
      value("log-file", 'l', "<path|stdout|syslog>", "Where to log.", text(&Config::log_file)),
      flag("simple-log", 0, "No log file rollover.", fields::flag(&Config::simple_log)),
      flag("syslog", 0, "Log to syslog.", fields::flag(&Config::syslog)),
      flag("log-json", 0, "Log JSON lines (time, level, event and its fields) instead of text.",
           fields::flag(&Config::log_json)),
      flag("log-binding", 0, "Log STUN binding requests.", fields::flag(&Config::log_binding)),
      flag("verbose", 'v', "Verbose logging.", verbosity(Verbosity::Verbose)),
      flag("Verbose", 'V', "Very verbose logging.", verbosity(Verbosity::Extra)),
      flag("daemon", 'o', "Run as a daemon.", fields::flag(&Config::daemon)),
      value("pidfile", 0, "<file>", "Write the process id here.", text(&Config::pidfile)),
      flag("no-cli", 0, "No admin interface (turnctl), as coturn's no-cli turns off its CLI.",
           fields::flag(&Config::no_cli)),
      value("proc-user", 0, "<user>", "Run as this user.", text(&Config::proc_user)),
      value("proc-group", 0, "<group>", "Run as this group.", text(&Config::proc_group)),
      flag("allow-root", 0,
           "Start as root without proc-user even where that is unsafe (anonymous relaying to loopback peers).",
           fields::flag(&Config::allow_root)),
  };
}

// Metrics and the admin interface (turnctl) that replaces coturn's telnet CLI.
std::vector<OptionDescriptor> operations_options() {
  using namespace fields;
  return {
      flag("prometheus", 0, "Serve Prometheus metrics over HTTP (default off).", fields::flag(&Config::prometheus)),
      value("prometheus-port", 0, "<port>", "Prometheus metrics port (default 9641).",
            port(&Config::prometheus_port)),
      value("prometheus-address", 0, "<ip>",
            "Prometheus metrics address (default 127.0.0.1; coturn's default is every address).",
            scalar(&Config::prometheus_address, parse_ip, [](const IpAddress& ip) { return ip.text; })),
      value("prometheus-path", 0, "<path>", "Prometheus metrics path (default /metrics).",
            scalar(&Config::prometheus_path, parse_http_path, identity)),
      flag("prometheus-username-labels", 0, "Label traffic metrics with the user too (one series per user).",
           fields::flag(&Config::prometheus_username_labels)),
      value("admin-socket", 0, "<path>", "Admin socket for turnctl, mode 0600 (default /run/turnserver/admin.sock).",
            scalar(&Config::admin_socket, parse_socket_path, identity)),
      value("admin-port", 0, "<port>", "Admin interface on 127.0.0.1 TCP too; needs admin-password-hash (default 0: none).",
            port(&Config::admin_port, true)),
      value("admin-password-hash", 0, "<hash>", "Password for admin-port, as turnadmin -P prints it ($5$...).",
            scalar(&Config::admin_password_hash, parse_password_hash, identity)),
  };
}

// turnsignal's own options (signaling/). It also reads listening-port,
// tls-listening-port, listening-ip, external-ip, no-udp/no-tcp/no-tls, cert,
// pkey, realm, static-auth-secret and rest-api-separator from the same file.
std::vector<OptionDescriptor> signaling_options() {
  using namespace fields;
  return {
      value("signaling-listening-port", 0, "<port>",
            "turnsignal: HTTP and WebSocket port (default 8080; 0: none).",
            port(&Config::signaling_listening_port, true)),
      value("signaling-listening-ip", 0, "<ip>", "turnsignal: listener address (default 127.0.0.1).",
            scalar(&Config::signaling_listening_ip, parse_ip, [](const IpAddress& ip) { return ip.text; })),
      value("signaling-tls-listening-port", 0, "<port>",
            "turnsignal: HTTPS and secure WebSocket port, with cert/pkey (default 0: none).",
            port(&Config::signaling_tls_listening_port, true)),
      value("signaling-web-root", 0, "<dir>",
            "turnsignal: folder served over HTTP (default: share/turnrelay/web beside the installed program, "
            "else the source tree's web/).",
            text(&Config::signaling_web_root)),
      list("signaling-allowed-origin", 0, "<origin>",
           "turnsignal: allowed Origin, e.g. https://example.org, or *; repeatable (default: same host).",
           texts(&Config::signaling_allowed_origins)),
      value("signaling-turn-host", 0, "<host>",
            "turnsignal: TURN host in ICE server URLs (default: external-ip, listening-ip or Host).",
            text(&Config::signaling_turn_host)),
      value("signaling-room-size", 0, "<number>", "turnsignal: peers per room (default 6).",
            in_range(&Config::signaling_room_size, 1, kMaxSignalingRoomSize)),
      value("signaling-max-rooms", 0, "<number>", "turnsignal: rooms at once (default 1000).",
            in_range(&Config::signaling_max_rooms, 1, kMaxSignalingCount)),
      value("signaling-max-clients", 0, "<number>", "turnsignal: WebSocket clients at once (default 1000).",
            in_range(&Config::signaling_max_clients, 1, kMaxSignalingCount)),
      value("signaling-max-message-size", 0, "<bytes>",
            "turnsignal: largest WebSocket message (default 65536).",
            in_range(&Config::signaling_max_message_size, kMinSignalingMessage, kMaxSignalingMessage)),
      value("signaling-message-rate", 0, "<number>",
            "turnsignal: WebSocket frames per second per client (default 50).",
            in_range(&Config::signaling_message_rate, 1, kMaxSignalingCount)),
      value("signaling-ping-interval", 0, "<seconds>",
            "turnsignal: ping WebSocket clients; close after a missed pong (default 15).",
            seconds(&Config::signaling_ping_interval)),
      value("signaling-credential-ttl", 0, "<seconds>",
            "turnsignal: lifetime of the TURN REST credentials it hands out (default 3600).",
            seconds(&Config::signaling_credential_ttl)),
  };
}

struct OptionGroup {
  std::string_view title;  // the heading in --help and the man page
  std::vector<OptionDescriptor> (*options)();
};

std::vector<OptionDescriptor> build_table() {
  std::vector<OptionDescriptor> table;
  for (const OptionGroup& group : {OptionGroup{"Command line only", loading_options},
                                   OptionGroup{"Listeners", listener_options},
                                   OptionGroup{"TLS, DTLS and connection limits", tls_options},
                                   OptionGroup{"Redirection", redirect_options},
                                   OptionGroup{"Relay and authentication", relay_and_auth_options},
                                   OptionGroup{"Lifetimes, quotas and peers", limit_options},
                                   OptionGroup{"Logging and process", process_options},
                                   OptionGroup{"Metrics and admin interface", operations_options},
                                   OptionGroup{"turnsignal", signaling_options}}) {
    for (OptionDescriptor& option : group.options()) {
      option.group = group.title;
      table.push_back(std::move(option));
    }
  }
  return table;
}

}  // namespace

std::span<const OptionDescriptor> option_table() {
  // Immutable after first use: a constant, not shared mutable state.
  static const std::vector<OptionDescriptor> table = build_table();
  return table;
}

const OptionDescriptor* find_option(std::string_view long_name) {
  auto table = option_table();
  auto it = std::find_if(table.begin(), table.end(),
                         [&](const OptionDescriptor& o) { return o.name == long_name; });
  return it == table.end() ? nullptr : &*it;
}

const OptionDescriptor* find_short_option(char short_flag) {
  if (short_flag == 0) return nullptr;
  auto table = option_table();
  auto it = std::find_if(table.begin(), table.end(),
                         [&](const OptionDescriptor& o) { return o.short_flag == short_flag; });
  return it == table.end() ? nullptr : &*it;
}

}  // namespace turn::config
