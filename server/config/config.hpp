// The typed configuration of the turnserver daemon.
//
// One struct filled from coturn's .conf format, from YAML and from the command
// line; every field is already parsed and checked, so the daemon never sees
// option text. Defaults are coturn's (see turnserver(8)).
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace turn::config {

using Seconds = std::chrono::seconds;

enum class IpFamily { V4, V6 };

// An address as the operator wrote it plus its inet_pton() form, so messages
// and --print-config show the original text while the server binds the bytes.
struct IpAddress {
  std::string text;
  IpFamily family = IpFamily::V4;
  std::array<std::uint8_t, 16> bytes{};  // network order; IPv4 uses the first 4

  bool operator==(const IpAddress&) const = default;
};

// external-ip: the public address, and the private one it maps to behind NAT.
struct ExternalIp {
  IpAddress public_ip;
  std::optional<IpAddress> private_ip;

  bool operator==(const ExternalIp&) const = default;
};

// An IP address and port: aux-server, alternate-server, tls-alternate-server.
struct Endpoint {
  IpAddress ip;
  std::uint16_t port = 0;

  bool operator==(const Endpoint&) const = default;
};

// denied-peer-ip / allowed-peer-ip: an inclusive range of one family,
// first <= last; a single address is a range of one.
struct PeerRange {
  IpAddress first;
  IpAddress last;

  bool operator==(const PeerRange&) const = default;
};

// The long-term credential key is MD5(user:realm:password) (RFC 5389 15.4).
using Md5Key = std::array<std::uint8_t, 16>;

// user=name:password, or name:0x<32 hex digits> for a precomputed key.
struct User {
  std::string name;
  std::string password;        // empty when key is set
  std::optional<Md5Key> key;

  bool operator==(const User&) const = default;
};

enum class Verbosity { Normal, Verbose, Extra };

struct Config {
  // Listeners.
  std::uint16_t listening_port = 3478;
  std::uint16_t tls_listening_port = 5349;
  std::uint16_t alt_listening_port = 0;      // 0: listening_port + 1, as coturn
  std::uint16_t alt_tls_listening_port = 0;  // 0: tls_listening_port + 1
  std::vector<IpAddress> listening_ips;      // empty: all interfaces
  std::vector<IpAddress> relay_ips;
  std::vector<ExternalIp> external_ips;
  bool no_udp = false;
  bool no_tcp = false;
  bool no_tls = false;
  bool no_dtls = false;
  bool no_udp_gro = false;  // UDP_GRO on UDP listeners and relay sockets unless set
  bool io_uring = false;    // a turn's UDP sends in one io_uring submission
  bool dtls = false;  // off by default, as in current coturn; no_dtls wins
  bool no_stun = false;
  bool stun_only = false;
  std::string cert;
  std::string pkey;
  // More listening endpoints, UDP and TCP, outside RFC 5780 (coturn's aux-server).
  std::vector<Endpoint> aux_servers;

  // RFC 5780 NAT behaviour discovery: on with two listening IPs of a family
  // (and no external-ip), as coturn; no-rfc5780 turns it off.
  bool no_rfc5780 = false;
  // Accepted for coturn configs: RESPONSE-ORIGIN is only ever sent with RFC 5780.
  bool response_origin_only_with_rfc5780 = false;

  // RFC 8489 §10: Allocate requests redirected with 300, round-robin.
  std::vector<Endpoint> alternate_servers;      // default port 3478
  std::vector<Endpoint> tls_alternate_servers;  // for TLS and DTLS clients; default port 5349
  std::string tls_alternate_domain;             // ALTERNATE-DOMAIN for them (ours)

  // TLS (and DTLS) settings, coturn's names.
  std::string ca_file;        // CA bundle for client certificates (none: not asked for)
  std::string cipher_list;    // OpenSSL cipher list for TLS 1.2 (empty: OpenSSL's default)
  std::string dh_file;        // PEM DH parameters (empty: OpenSSL's built-in groups)
  std::string ec_curve_name;  // key exchange group, e.g. prime256v1 (empty: OpenSSL's list)
  bool no_tlsv1 = false;      // accepted; TLS 1.0 and 1.1 are never offered
  bool no_tlsv1_1 = false;
  bool no_tlsv1_2 = false;    // TLS 1.3 only

  // Stream clients (TCP, TLS), ours: a cap per relay thread and deadlines.
  // DTLS sessions use the same cap (counted apart) and the first two.
  std::uint32_t max_tcp_connections_per_thread = 10000;
  Seconds tcp_handshake_timeout{10};  // first byte, TLS handshake, first request; DTLS handshake
  Seconds tcp_idle_timeout{60};       // silent and holding no allocation
  Seconds tcp_write_timeout{30};      // output that makes no progress

  // Relay.
  std::uint16_t min_port = 49152;
  std::uint16_t max_port = 65535;
  std::uint32_t relay_threads = 0;  // 0: one per core
  bool mobility = false;
  bool no_tcp_relay = false;           // RFC 6062 TCP allocations refused (442)
  Seconds tcp_relay_bind_timeout{30};  // ours: RFC 6062 §5.2/§5.3's 30 s for a ConnectionBind

  // Authentication.
  bool lt_cred_mech = false;
  bool no_auth = false;
  std::vector<User> users;
  std::string realm;
  bool use_auth_secret = false;
  std::vector<std::string> static_auth_secrets;
  // SQLite user database (coturn's -b / --db / --userdb); empty: coturn's
  // default paths, used only if one exists and lt-cred-mech is on.
  std::string userdb;
  char rest_api_separator = ':';
  // RFC 7635 third-party authorization: ACCESS-TOKENs opened with the user
  // database's oauth_key rows; server_name goes into THIRD-PARTY-AUTHORIZATION
  // and is the tokens' associated data (empty: the realm), as in coturn.
  bool oauth = false;
  std::string server_name;
  bool fingerprint = false;
  std::optional<Seconds> stale_nonce;  // unset: nonces never go stale

  // Lifetimes (RFC 5766 defaults).
  Seconds max_allocate_lifetime{3600};
  Seconds channel_lifetime{600};
  Seconds permission_lifetime{300};

  // Quotas and bandwidth; 0 means unlimited.
  std::uint32_t user_quota = 0;
  std::uint32_t total_quota = 0;
  std::uint64_t max_bps = 0;
  std::uint64_t bps_capacity = 0;
  // coturn's UDP reflection guard: unsigned error responses (401, 438, 400)
  // per source address per second, when on.
  bool unauthorized_ratelimit = false;
  std::uint32_t unauthorized_ratelimit_rps = 10;

  // Peer address policy.
  bool allow_loopback_peers = false;
  bool no_multicast_peers = false;
  std::vector<PeerRange> denied_peer_ips;
  std::vector<PeerRange> allowed_peer_ips;

  // Logging.
  std::string log_file;  // a path, "stdout" or "syslog"; empty: coturn's default
  bool simple_log = false;
  bool syslog = false;
  bool log_json = false;  // ours: JSON lines
  bool log_binding = false;
  Verbosity verbosity = Verbosity::Normal;

  // Process.
  bool daemon = false;
  std::string pidfile;
  bool no_cli = false;
  std::string proc_user;
  std::string proc_group;
  bool allow_root = false;  // ours: start as root even with an unsafe config (root_safety.hpp)

  // Operations: the Prometheus endpoint (coturn's option names; coturn binds
  // every address, ours loopback unless told) and the admin interface that
  // replaces coturn's telnet CLI (turnctl).
  bool prometheus = false;
  std::uint16_t prometheus_port = 9641;
  IpAddress prometheus_address{"127.0.0.1", IpFamily::V4, {127, 0, 0, 1}};
  std::string prometheus_path = "/metrics";
  bool prometheus_username_labels = false;
  // Empty: kDefaultAdminSocket, where a failure to listen only warns; a path
  // the operator names must work. no-cli turns the admin interface off.
  std::string admin_socket;
  std::uint16_t admin_port = 0;      // loopback TCP; 0: none
  std::string admin_password_hash;   // $5$ form (turnadmin -P); required with admin-port

  // turnsignal (signaling/): rooms over WebSocket, the web client over HTTP(S)
  // and TURN REST credentials, configured from this same file. turnserver
  // accepts these options and ignores them.
  std::uint16_t signaling_listening_port = 8080;      // plain HTTP; 0: none
  IpAddress signaling_listening_ip{"127.0.0.1", IpFamily::V4, {127, 0, 0, 1}};
  std::uint16_t signaling_tls_listening_port = 0;     // HTTPS with cert/pkey; 0: none
  std::string signaling_web_root;                     // empty: the build's web/ folder
  std::vector<std::string> signaling_allowed_origins; // empty: the request's own host only
  std::string signaling_turn_host;                    // empty: external-ip, listening-ip or Host
  std::uint32_t signaling_room_size = 6;
  std::uint32_t signaling_max_rooms = 1000;
  std::uint32_t signaling_max_clients = 1000;
  std::uint32_t signaling_max_message_size = 65536;   // bytes, one WebSocket message
  std::uint32_t signaling_message_rate = 50;          // WebSocket frames per second per client
  Seconds signaling_ping_interval{15};
  Seconds signaling_credential_ttl{3600};

  bool operator==(const Config&) const = default;
};

// TLS needs a certificate, and no-tls turns it off. turnserver listens for
// TLS, and turnsignal hands out `turns:` URLs, exactly when this holds.
inline bool tls_enabled(const Config& c) { return !c.no_tls && !c.cert.empty(); }
// DTLS is off by default, as in current coturn: `dtls` turns it on, coturn's
// `no-dtls` wins, and it needs a certificate too.
inline bool dtls_enabled(const Config& c) { return c.dtls && !c.no_dtls && !c.cert.empty(); }

// Where the admin socket goes unless admin-socket says otherwise (systemd's
// RuntimeDirectory=turnserver makes the folder).
inline constexpr const char* kDefaultAdminSocket = "/run/turnserver/admin.sock";

}  // namespace turn::config
