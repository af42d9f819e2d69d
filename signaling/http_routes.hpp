// What answers an HTTP request to turnsignal:
//
//   GET /ws                WebSocket upgrade (RFC 6455 §4.2): 101, or 400/403/405/426/503
//   GET /api/ice-servers   ICE servers with fresh TURN REST credentials, as JSON
//   GET /<file>            a file under the web root ("/" is /index.html)
//
// GET and HEAD only (405 otherwise), no request bodies (413). Answers:
// 400 malformed path, 403 Origin not allowed, 404 not found (hidden files
// included), 301 to "name/" for a folder, 426 for a plain GET of /ws or a
// WebSocket version other than 13, 503 when the WebSocket client limit is
// reached. Decided here without sockets, so tests can ask directly.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <variant>

#include "server/http_request.hpp"
#include "server/http_response.hpp"
#include "signaling/ice_servers.hpp"
#include "signaling/origin_policy.hpp"
#include "signaling/web_root.hpp"

namespace turn::signaling {

struct RouteContext {
    const WebRoot* web_root = nullptr;  // null: no web root, every file is 404
    const OriginPolicy* origins = nullptr;
    const IceSettings* ice = nullptr;
    std::string local_host;             // this end's address, when the request names no Host
    std::int64_t now = 0;               // UNIX seconds
    bool clients_full = false;          // no more WebSocket clients
    std::function<std::string()> new_id;  // a fresh id for a credential's user part
};

// A valid, allowed WebSocket handshake: answer 101 with this accept value.
struct Upgrade {
    std::string accept;
    std::string host;  // the request's host without port, for ICE server URLs
};

using Route = std::variant<http::Response, Upgrade>;

Route route_request(const http::Request& request, const RouteContext& context);

// The 101 answer to an Upgrade (§4.2.2).
http::Response switching_protocols(const Upgrade& upgrade);

// The host to put in URLs: the Host header's host, else `local_host`.
std::string request_host(const http::Request& request, const std::string& local_host);

}  // namespace turn::signaling
