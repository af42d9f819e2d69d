#include "signaling/http_routes.hpp"

#include "signaling/json_writer.hpp"
#include "signaling/request_path.hpp"
#include "signaling/ws_handshake.hpp"

namespace turn::signaling {
namespace {

constexpr std::string_view kWebSocketPath = "/ws";
constexpr std::string_view kIceServersPath = "/api/ice-servers";
constexpr std::string_view kApiPrefix = "/api/";

http::Response with_header(http::Response r, std::string name, std::string value) {
    r.headers.push_back({std::move(name), std::move(value)});
    return r;
}

bool has_body(const http::Request& r) {
    const auto length = r.header("Content-Length");
    return r.header("Transfer-Encoding").has_value() || (length && *length != "0");
}

std::string host_header(const http::Request& r) { return std::string(r.header("Host").value_or("")); }

Route websocket(const http::Request& request, const RouteContext& ctx) {
    auto key = ws::check_upgrade(request);
    if (!key) {
        http::Response r = http::error_response(ws::status_for(key.error()));
        if (key.error() == ws::UpgradeError::NotGet) return with_header(std::move(r), "Allow", "GET");
        if (key.error() == ws::UpgradeError::BadVersion)
            return with_header(std::move(r), "Sec-WebSocket-Version", "13");  // §4.4
        if (key.error() == ws::UpgradeError::NoUpgrade) return with_header(std::move(r), "Upgrade", "websocket");
        return r;
    }
    if (!ctx.origins->allows(request.header("Origin"), host_header(request))) return http::error_response(403);
    if (ctx.clients_full) return with_header(http::error_response(503), "Retry-After", "30");
    return Upgrade{ws::accept_key(*key), request_host(request, ctx.local_host)};
}

http::Response ice_servers_answer(const http::Request& request, const RouteContext& ctx) {
    const auto origin = request.header("Origin");
    const std::string host = host_header(request);
    if (!ctx.origins->allows(origin, host)) return http::error_response(403);
    http::Response r;
    r.headers = {{"Content-Type", "application/json"}, {"Cache-Control", "no-store"}};
    if (ctx.origins->cross_origin(origin, host)) {
        r.headers.push_back({"Access-Control-Allow-Origin", std::string(*origin)});
        r.headers.push_back({"Vary", "Origin"});
    }
    r.body = json::write(ice_servers_document(*ctx.ice, request_host(request, ctx.local_host), ctx.new_id(), ctx.now));
    return r;
}

http::Response static_file(const http::Request& request, const RouteContext& ctx) {
    auto relative = resolve_request_path(request.path());
    if (!relative) return http::error_response(status_for(relative.error()));
    if (ctx.web_root == nullptr) return http::error_response(404);
    auto file = ctx.web_root->read(*relative);
    if (!file && file.error() == FileError::IsDirectory) {
        // "/docs" -> "/docs/", so the page's relative links resolve inside it.
        const auto query = request.target.substr(request.path().size());
        return with_header(http::error_response(301), "Location", std::string(request.path()) + "/" + query);
    }
    if (!file) return http::error_response(404);
    http::Response r;
    r.headers = {{"Content-Type", std::string(file->content_type)},
                 {"Cache-Control", "no-cache"},
                 {"X-Content-Type-Options", "nosniff"}};
    r.body = std::move(file->content);
    return r;
}

}  // namespace

std::string request_host(const http::Request& request, const std::string& local_host) {
    const auto host = request.header("Host");
    if (!host || host->empty()) return local_host;
    return std::string(http::host_without_port(*host));
}

Route route_request(const http::Request& request, const RouteContext& ctx) {
    if (request.path() == kWebSocketPath) return websocket(request, ctx);
    if (request.method != "GET" && request.method != "HEAD")
        return with_header(http::error_response(405), "Allow", "GET, HEAD");
    if (has_body(request)) return http::error_response(413);
    if (request.path() == kIceServersPath) return ice_servers_answer(request, ctx);
    if (request.path().starts_with(kApiPrefix)) return http::error_response(404);
    return static_file(request, ctx);
}

http::Response switching_protocols(const Upgrade& upgrade) {
    http::Response r;
    r.status = 101;
    r.headers = {{"Upgrade", "websocket"}, {"Connection", "Upgrade"}, {"Sec-WebSocket-Accept", upgrade.accept}};
    return r;
}

}  // namespace turn::signaling
