// One client connection of turnsignal, plain or TLS, on a libevent
// bufferevent. It starts as HTTP/1.1 (keep-alive, one request at a time,
// answers from http_routes.hpp) and may upgrade to a WebSocket (RFC 6455),
// whose text messages go to the hub through its ConnectionHost.
//
// Everything is bounded: a request head must arrive within request_timeout
// and fit in head.max_head; output that the client does not read for
// write_timeout, or that grows beyond max_output, ends the connection; a
// WebSocket client sends at most message_rate frames a second (bursts of
// message_burst) and messages of reader.max_message bytes. Protocol errors
// end in a close frame with the status code of RFC 6455 §7.4.1 and a log line.
#pragma once

#include <event2/bufferevent.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "server/event_handles.hpp"
#include "server/logger.hpp"
#include "server/http_request.hpp"
#include "signaling/http_routes.hpp"
#include "signaling/rate_limiter.hpp"
#include "signaling/signal_messages.hpp"
#include "signaling/ws_reader.hpp"

namespace turn::signaling {

struct ConnectionLimits {
    std::chrono::seconds request_timeout{10};  // a whole request head, TLS handshake included
    std::chrono::seconds write_timeout{30};    // queued output that makes no progress
    http::HeadLimits head;
    std::size_t max_requests = 100;            // per connection, then "Connection: close"
    std::size_t max_output = 1024 * 1024;      // bytes queued for one WebSocket client
    ws::ReaderLimits reader;
    double message_rate = 50;
    double message_burst = 200;
};

class Connection;

// What a connection needs from the server that owns it.
class ConnectionHost {
public:
    virtual ~ConnectionHost() = default;
    virtual const ConnectionLimits& limits() const = 0;
    virtual server::Logger& log() = 0;
    virtual RouteContext route_context(const std::string& local_host) = 0;
    // The connection became a WebSocket client: its id.
    virtual PeerId open_client(Connection& c, std::string turn_host) = 0;
    // A text message from a client; an error was already sent back to it.
    virtual std::optional<MessageError> deliver(const PeerId& from, std::string_view text) = 0;
    // The client is closing: its room hears peer-left now, not after the flush.
    virtual void leave(Connection& c) = 0;
    // The connection is finished; the host frees it outside this call stack.
    virtual void retire(Connection& c) = 0;
};

class Connection {
public:
    enum class Mode { Http, WebSocket, Closing, Closed };

    // Takes `bev` (and its socket); `remote` is the client's address, for the log.
    Connection(ConnectionHost& host, event_base* base, bufferevent* bev, std::uint64_t serial, std::string remote,
               bool tls, std::string local_host);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    // Queues a text message for a WebSocket client. A client whose queue is
    // over max_output does not read: it is closed.
    void send_text(std::string_view text);
    // The ping sweep (RFC 6455 §5.5.2): closes a client that has not answered
    // the previous ping, pings the others.
    void ping();
    // Shutdown: WebSocket clients get 1001 (going away), HTTP ones are closed.
    void go_away();

    std::uint64_t serial() const { return serial_; }
    const PeerId& peer() const { return peer_; }
    Mode mode() const { return mode_; }
    // "HTTP 127.0.0.1:5555", "WSS 127.0.0.1:5555 (3f2a...)": who, in log lines.
    std::string label() const;

private:
    static void read_cb(bufferevent* bev, void* arg);
    static void write_cb(bufferevent* bev, void* arg);
    static void event_cb(bufferevent* bev, short what, void* arg);
    static void deadline_cb(evutil_socket_t fd, short what, void* arg);

    // HTTP (connection.cpp).
    void on_input();
    void on_http_input();
    void handle(const http::Request& request);
    void respond(http::Response response, bool head_only);
    void refuse(int status, std::string_view why);
    void upgrade(const Upgrade& upgrade);
    void on_event(short what);
    void arm_deadline();
    void close_after_flush();
    void retire(std::string_view why);
    std::size_t queued() const;

    // WebSocket (connection_ws.cpp).
    void on_ws_input();
    std::optional<ws::ReadStep> next_frame();
    void on_ws_event(ws::Event event);
    void on_close_request(const ws::CloseRequest& close);
    void send_frame(ws::Opcode op, std::string_view payload);
    void fail(ws::CloseCode code, std::string_view why);

    ConnectionHost& host_;
    const ConnectionLimits& limits_;
    bufferevent* bev_;
    server::EventPtr deadline_;
    const std::uint64_t serial_;
    const std::string remote_;
    const bool tls_;
    const std::string local_host_;
    Mode mode_ = Mode::Http;
    std::size_t requests_ = 0;
    PeerId peer_;  // once a WebSocket client
    std::optional<ws::MessageReader> reader_;
    std::optional<RateLimiter> limiter_;
    bool awaiting_pong_ = false;
    bool left_ = false;  // host_.leave() called
};

}  // namespace turn::signaling
