#include "signaling/ws_handshake.hpp"

#include "auth/base64.hpp"
#include "auth/bytes.hpp"
#include "protocol/digest.hpp"

namespace turn::signaling::ws {
namespace {

constexpr std::string_view kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";  // §1.3
constexpr std::size_t kKeyBytes = 16;                                      // §4.1 item 7

bool valid_key(const http::Request& r) {
    if (r.count("Sec-WebSocket-Key") != 1) return false;
    const auto decoded = auth::base64_decode(*r.header("Sec-WebSocket-Key"));
    return decoded && decoded->size() == kKeyBytes;
}

bool has_body(const http::Request& r) {
    const auto length = r.header("Content-Length");
    return r.header("Transfer-Encoding").has_value() || (length && *length != "0");
}

}  // namespace

int status_for(UpgradeError e) {
    switch (e) {
        case UpgradeError::NotGet: return 405;
        case UpgradeError::NoUpgrade:
        case UpgradeError::BadVersion: return 426;
        default: return 400;
    }
}

std::string_view upgrade_error_name(UpgradeError e) {
    switch (e) {
        case UpgradeError::NotGet: return "WebSocket handshake must be a GET";
        case UpgradeError::OldHttp: return "WebSocket handshake needs HTTP/1.1";
        case UpgradeError::NoUpgrade: return "not a WebSocket upgrade (Upgrade: websocket missing)";
        case UpgradeError::BadConnection: return "Connection does not list Upgrade";
        case UpgradeError::BadKey: return "missing or malformed Sec-WebSocket-Key";
        case UpgradeError::BadVersion: return "unsupported Sec-WebSocket-Version (13 only)";
        case UpgradeError::HasBody: return "WebSocket handshake with a body";
    }
    return "bad WebSocket handshake";
}

Result<std::string, UpgradeError> check_upgrade(const http::Request& r) {
    if (r.method != "GET") return unexpected(UpgradeError::NotGet);
    if (r.minor_version < 1) return unexpected(UpgradeError::OldHttp);
    const auto upgrade = r.header("Upgrade");
    if (!upgrade || !http::has_token(*upgrade, "websocket")) return unexpected(UpgradeError::NoUpgrade);
    const auto connection = r.header("Connection");
    if (!connection || !http::has_token(*connection, "Upgrade")) return unexpected(UpgradeError::BadConnection);
    if (!valid_key(r)) return unexpected(UpgradeError::BadKey);
    if (r.header("Sec-WebSocket-Version") != std::optional<std::string_view>("13"))
        return unexpected(UpgradeError::BadVersion);
    if (has_body(r)) return unexpected(UpgradeError::HasBody);
    return std::string(*r.header("Sec-WebSocket-Key"));
}

std::string accept_key(std::string_view client_key) {
    const proto::Digest d = proto::hash(proto::HashAlgorithm::Sha1, {auth::bytes_of(client_key), auth::bytes_of(kGuid)});
    return auth::base64_encode(d.view());
}

}  // namespace turn::signaling::ws
