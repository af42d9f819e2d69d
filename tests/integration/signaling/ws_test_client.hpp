// What the signaling tests speak to the real turnsignal: raw HTTP/1.1
// exchanges, and a WebSocket client written here over a TestConnection. Its
// frames are encoded with the project's codec (masked, as a client must) and
// the server's frames read with its MessageReader told not to expect masks,
// so a test can also send what no browser would: raw bytes, bad frames.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/http_request.hpp"
#include "signaling/json_value.hpp"
#include "signaling/ws_reader.hpp"
#include "test_connection.hpp"

namespace turn::itest {

using namespace std::chrono_literals;

struct HttpReply {
    int status = 0;
    std::vector<http::Header> headers;
    std::string body;

    std::optional<std::string_view> header(std::string_view name) const;
};

// Sends `request` as is and reads one reply (its body by Content-Length);
// nullopt if the server closes or stalls first.
std::optional<HttpReply> http_exchange(TestConnection& c, std::string_view request,
                                       std::chrono::milliseconds timeout = 5s);

// "GET <path> HTTP/1.1" with Host 127.0.0.1:<port> and `extra` header lines
// (each ending in \r\n), on a new connection.
HttpReply http_get(std::uint16_t port, std::string_view path, std::string_view extra = "", bool tls = false);

// The handshake request a browser sends, with `extra` lines added.
std::string upgrade_request(std::uint16_t port, std::string_view key, std::string_view extra = "");

struct WsOptions {
    bool tls = false;
    std::string origin;  // empty: http(s)://127.0.0.1:<port>, the page's own origin
};

class WsClient {
public:
    // Connects and completes the opening handshake, checking the 101 and its
    // Sec-WebSocket-Accept; throws std::runtime_error otherwise.
    explicit WsClient(std::uint16_t port, WsOptions options = {});

    void send(std::string_view json_text);  // one masked text frame
    void send_frame(signaling::ws::Opcode op, std::string_view payload, bool fin = true);
    void send_raw(std::string_view bytes);

    // The next frame's event from the server; nullopt on timeout or when the
    // connection ends.
    std::optional<signaling::ws::Event> next(std::chrono::milliseconds timeout = 5s);
    // The next text message, parsed; pings on the way are answered. Throws
    // std::runtime_error when none comes.
    signaling::json::Value receive(std::chrono::milliseconds timeout = 5s);
    // The status code of the server's Close frame (skipping other frames);
    // nullopt if the connection ends without one.
    std::optional<std::uint16_t> close_code(std::chrono::milliseconds timeout = 5s);
    // True once the server has closed the TCP connection.
    bool closed_within(std::chrono::milliseconds timeout) { return connection_.closed_within(timeout); }

private:
    TestConnection connection_;
    std::string buffered_;
    signaling::ws::MessageReader reader_;
};

// {"type":"join",...}, then the `joined` answer; throws if something else comes.
signaling::json::Value join(WsClient& client, std::string_view room, std::string_view name = "");

// A string member, or "" when missing.
std::string text_of(const signaling::json::Value& v, std::string_view key);

}  // namespace turn::itest
