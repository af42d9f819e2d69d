// Which pages may use turnsignal (RFC 6455 §10.2: the server checks Origin,
// since any page can open a WebSocket to any host). With no
// signaling-allowed-origin, only pages served by the host the browser
// connected to are accepted: the Origin's host[:port] must equal the Host
// header. The listed origins ("https://example.org:8443"), or any origin for
// "*", are accepted besides that. A request without Origin does not come from a browser page
// (browsers always send it on WebSocket handshakes) and is accepted: Origin
// protects browsers' users, not the server. "Origin: null" (sandboxed and
// file: pages) is refused unless "*" is listed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace turn::signaling {

class OriginPolicy {
public:
    explicit OriginPolicy(std::vector<std::string> allowed);

    // `host` is the request's Host header ("" when absent).
    bool allows(std::optional<std::string_view> origin, std::string_view host) const;

    // Whether the origin is a different one that the list lets in, so an
    // HTTP answer needs Access-Control-Allow-Origin to be readable by it.
    bool cross_origin(std::optional<std::string_view> origin, std::string_view host) const;

private:
    bool listed(std::string_view origin) const;
    std::vector<std::string> allowed_;  // lowercase, without a trailing "/"
    bool any_ = false;
};

// Whether an Origin ("scheme://host[:port]") names the same host and port as
// a Host header, ignoring case and a port that is the scheme's default.
bool same_host(std::string_view origin, std::string_view host);

}  // namespace turn::signaling
