// The ICE servers a browser is given (the RTCIceServer dictionary of the
// WebRTC API): turnserver's URLs and TURN REST credentials (auth/rest_api.hpp:
// username "<expiry>:<id>", credential base64(HMAC-SHA1(secret, username)))
// valid for a short time. Served as GET /api/ice-servers and inside `joined`.
//
//   {"iceServers":[{"urls":["turn:H:3478?transport=udp","turn:H:3478?transport=tcp",
//                           "turns:H:5349?transport=tcp"],
//                   "username":"1700000000:3f2a...","credential":"..."}],"ttl":3600}
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "server/config/config.hpp"
#include "signaling/json_value.hpp"

namespace turn::signaling {

struct IceSettings {
    std::string turn_host;      // already bracketed for IPv6; empty: the request's Host
    std::uint16_t port = 3478;  // turn: over UDP and TCP
    std::uint16_t tls_port = 5349;
    bool udp = true;
    bool tcp = true;
    bool tls = false;           // turns: only when turnserver has a certificate
    std::string secret;         // empty: no credentials (turnserver runs without auth)
    char separator = ':';
    std::chrono::seconds ttl{3600};
};

// From the shared config: signaling-turn-host, else the first external-ip,
// else the first listening-ip that is not a wildcard, else empty.
IceSettings ice_settings(const config::Config& c);

// "[::1]" for an IPv6 address, anything else unchanged.
std::string url_host(std::string_view host);

// The "turn:" and "turns:" URLs for `host` (already in URL form).
std::vector<std::string> turn_urls(const IceSettings& s, std::string_view host);

// The iceServers array: one entry with the URLs, and credentials for `user`
// that expire `ttl` after `now` (UNIX seconds). `request_host` is the Host
// header's host, used when no TURN host is configured.
json::Value ice_servers(const IceSettings& s, std::string_view request_host, std::string_view user,
                        std::int64_t now);

// {"iceServers": [...], "ttl": N}: the body of GET /api/ice-servers.
json::Value ice_servers_document(const IceSettings& s, std::string_view request_host, std::string_view user,
                                 std::int64_t now);

}  // namespace turn::signaling
