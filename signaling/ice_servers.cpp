#include "signaling/ice_servers.hpp"

#include <algorithm>

#include "auth/rest_api.hpp"

namespace turn::signaling {
namespace {

bool is_wildcard(const config::IpAddress& ip) {
    return std::all_of(ip.bytes.begin(), ip.bytes.end(), [](std::uint8_t b) { return b == 0; });
}

std::string configured_host(const config::Config& c) {
    if (!c.signaling_turn_host.empty()) return c.signaling_turn_host;
    if (!c.external_ips.empty()) return c.external_ips.front().public_ip.text;
    for (const auto& ip : c.listening_ips)
        if (!is_wildcard(ip)) return ip.text;
    return "";
}

}  // namespace

IceSettings ice_settings(const config::Config& c) {
    IceSettings s;
    s.turn_host = url_host(configured_host(c));
    s.port = c.listening_port;
    s.tls_port = c.tls_listening_port;
    s.udp = !c.no_udp;
    s.tcp = !c.no_tcp;
    s.tls = config::tls_enabled(c);
    if (!c.static_auth_secrets.empty()) s.secret = c.static_auth_secrets.front();
    s.separator = c.rest_api_separator;
    s.ttl = c.signaling_credential_ttl;
    return s;
}

std::string url_host(std::string_view host) {
    if (host.find(':') != std::string_view::npos && !host.starts_with('[')) return "[" + std::string(host) + "]";
    return std::string(host);
}

std::vector<std::string> turn_urls(const IceSettings& s, std::string_view host) {
    const std::string plain = "turn:" + std::string(host) + ":" + std::to_string(s.port);
    std::vector<std::string> urls;
    if (s.udp) urls.push_back(plain + "?transport=udp");
    if (s.tcp) urls.push_back(plain + "?transport=tcp");
    if (s.tls) urls.push_back("turns:" + std::string(host) + ":" + std::to_string(s.tls_port) + "?transport=tcp");
    return urls;
}

json::Value ice_servers(const IceSettings& s, std::string_view request_host, std::string_view user,
                        std::int64_t now) {
    const std::string host = s.turn_host.empty() ? url_host(request_host) : s.turn_host;
    json::Value::Array urls;
    for (auto& u : turn_urls(s, host)) urls.emplace_back(std::move(u));
    json::Value::Object server{{"urls", std::move(urls)}};
    if (!s.secret.empty()) {
        const std::string username = auth::make_rest_username(now + s.ttl.count(), user, s.separator);
        server.push_back({"username", username});
        server.push_back({"credential", auth::rest_password(s.secret, username)});
    }
    return json::Value::Array{json::Value(std::move(server))};
}

json::Value ice_servers_document(const IceSettings& s, std::string_view request_host, std::string_view user,
                                 std::int64_t now) {
    return json::Value::Object{{"iceServers", ice_servers(s, request_host, user, now)},
                               {"ttl", json::Value::integer(s.ttl.count())}};
}

}  // namespace turn::signaling
