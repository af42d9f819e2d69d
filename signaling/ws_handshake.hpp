// The server's side of the WebSocket opening handshake (RFC 6455 §4.2): is a
// request a valid upgrade, and the Sec-WebSocket-Accept that proves we read
// its key. No subprotocol or extension is ever selected, so the frames that
// follow carry plain messages and every RSV bit must be 0.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "protocol/result.hpp"
#include "server/http_request.hpp"

namespace turn::signaling::ws {

// Why an upgrade request is refused, each with its answer.
enum class UpgradeError : std::uint8_t {
    NotGet,          // 405: §4.1 the handshake is a GET
    OldHttp,         // 400: HTTP/1.1 or later is required
    NoUpgrade,       // 426: no "Upgrade: websocket"; a plain GET of the endpoint
    BadConnection,   // 400: Connection does not list "Upgrade"
    BadKey,          // 400: Sec-WebSocket-Key missing, repeated or not 16 bytes in base64
    BadVersion,      // 426 with "Sec-WebSocket-Version: 13" (§4.4)
    HasBody,         // 400: a handshake carries no body
};

int status_for(UpgradeError e);
std::string_view upgrade_error_name(UpgradeError e);

// §4.2.1's checks; the client's key when they pass.
Result<std::string, UpgradeError> check_upgrade(const http::Request& request);

// §4.2.2: base64(SHA-1(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")).
std::string accept_key(std::string_view client_key);

}  // namespace turn::signaling::ws
