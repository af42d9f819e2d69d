#include "signaling/settings.hpp"

namespace turn::signaling {
namespace {

// Bursts of four seconds' worth: a peer joining a full room sends an offer
// and a dozen ICE candidates to each of five peers at once.
constexpr double kBurstSeconds = 4;

bool is_loopback(const config::IpAddress& ip) {
    if (ip.family == config::IpFamily::V4) return ip.bytes[0] == 127;
    for (std::size_t i = 0; i < 15; ++i)
        if (ip.bytes[i] != 0) return false;
    return ip.bytes[15] == 1;
}

std::optional<proto::TransportAddress> address(const config::IpAddress& ip, std::uint16_t port) {
    if (port == 0) return std::nullopt;
    return proto::TransportAddress::parse(ip.text, port);
}

std::vector<std::string> warnings_for(const config::Config& c) {
    std::vector<std::string> out;
    if (c.static_auth_secrets.empty() && !c.no_auth)
        out.push_back("no static-auth-secret: browsers get TURN URLs without credentials, which turnserver refuses");
    if (!c.static_auth_secrets.empty() && !c.use_auth_secret)
        out.push_back("static-auth-secret without use-auth-secret: turnserver refuses the credentials handed out");
    if (c.signaling_listening_port != 0 && !is_loopback(c.signaling_listening_ip))
        out.push_back("plain HTTP on " + c.signaling_listening_ip.text +
                      ": browsers allow camera and microphone only on https:// or localhost pages");
    return out;
}

Result<void, std::string> check_listeners(const config::Config& c) {
    if (c.signaling_listening_port == 0 && c.signaling_tls_listening_port == 0)
        return unexpected(std::string("signaling-listening-port and signaling-tls-listening-port are both 0: nothing to serve"));
    if (c.signaling_listening_port == c.signaling_tls_listening_port)
        return unexpected("signaling-listening-port and signaling-tls-listening-port are both " +
                          std::to_string(c.signaling_listening_port));
    if (c.signaling_tls_listening_port != 0 && c.cert.empty())
        return unexpected(std::string("signaling-tls-listening-port needs cert (and pkey) for HTTPS"));
    return {};
}

}  // namespace

Result<SignalSettings, std::string> signal_settings(const config::Config& c,
                                                    const std::filesystem::path& default_web_root) {
    if (auto ok = check_listeners(c); !ok) return unexpected(ok.error());
    SignalSettings s;
    s.http = address(c.signaling_listening_ip, c.signaling_listening_port);
    s.https = address(c.signaling_listening_ip, c.signaling_tls_listening_port);
    if (s.https) {
        s.tls = server::tls_settings(c);
        if (s.tls->pkey.empty()) s.tls->pkey = s.tls->cert;  // one PEM holding both, as turnserver
        s.tls->ca_file.clear();  // CA-file asks TURN clients for certificates; browsers have none
    }
    s.web_root = c.signaling_web_root.empty() ? default_web_root : std::filesystem::path(c.signaling_web_root);
    s.allowed_origins = c.signaling_allowed_origins;
    s.ice = ice_settings(c);
    s.hub.rooms = {c.signaling_room_size, c.signaling_max_rooms};
    s.hub.json.max_bytes = c.signaling_max_message_size;
    s.hub.json.max_string_bytes = c.signaling_max_message_size;
    s.reader.max_message = c.signaling_max_message_size;
    s.message_rate = c.signaling_message_rate;
    s.message_burst = c.signaling_message_rate * kBurstSeconds;
    s.ping_interval = c.signaling_ping_interval;
    s.max_clients = c.signaling_max_clients;
    s.warnings = warnings_for(c);
    return s;
}

}  // namespace turn::signaling
