#include "signaling/connection.hpp"

#include <event2/buffer.h>
#include <event2/bufferevent_ssl.h>
#include <openssl/err.h>

#include <ctime>

namespace turn::signaling {
namespace {

timeval to_timeval(std::chrono::seconds s) { return {static_cast<time_t>(s.count()), 0}; }

bool wants_close(const http::Request& r) {
    const auto connection = r.header("Connection");
    return r.minor_version == 0 || (connection && http::has_token(*connection, "close"));
}

}  // namespace

Connection::Connection(ConnectionHost& host, event_base* base, bufferevent* bev, std::uint64_t serial,
                       std::string remote, bool tls, std::string local_host)
    : host_(host), limits_(host.limits()), bev_(bev), serial_(serial), remote_(std::move(remote)), tls_(tls),
      local_host_(std::move(local_host)) {
    deadline_.reset(evtimer_new(base, &Connection::deadline_cb, this));
    bufferevent_setcb(bev_, &Connection::read_cb, &Connection::write_cb, &Connection::event_cb, this);
    // Never more input held than one request head or one largest frame.
    bufferevent_setwatermark(bev_, EV_READ, 0, limits_.head.max_head);
    const timeval write_timeout = to_timeval(limits_.write_timeout);
    bufferevent_set_timeouts(bev_, nullptr, &write_timeout);
    bufferevent_enable(bev_, EV_READ | EV_WRITE);
    arm_deadline();
}

Connection::~Connection() { bufferevent_free(bev_); }

std::string Connection::label() const {
    const char* scheme = peer_.empty() ? (tls_ ? "HTTPS " : "HTTP ") : (tls_ ? "WSS " : "WS ");
    return scheme + remote_ + (peer_.empty() ? "" : " (" + peer_ + ")");
}

void Connection::read_cb(bufferevent*, void* arg) { static_cast<Connection*>(arg)->on_input(); }

void Connection::write_cb(bufferevent*, void* arg) {
    auto* c = static_cast<Connection*>(arg);
    if (c->mode_ == Mode::Closing && c->queued() == 0) c->retire("");
}

void Connection::event_cb(bufferevent*, short what, void* arg) { static_cast<Connection*>(arg)->on_event(what); }

void Connection::deadline_cb(evutil_socket_t, short, void* arg) {
    auto* c = static_cast<Connection*>(arg);
    c->retire("no complete request within " + std::to_string(c->limits_.request_timeout.count()) + " s");
}

void Connection::arm_deadline() {
    const timeval t = to_timeval(limits_.request_timeout);
    if (deadline_) evtimer_add(deadline_.get(), &t);
}

std::size_t Connection::queued() const { return evbuffer_get_length(bufferevent_get_output(bev_)); }

void Connection::on_input() {
    if (mode_ == Mode::Http) on_http_input();
    if (mode_ == Mode::WebSocket) on_ws_input();
}

void Connection::on_http_input() {
    evbuffer* in = bufferevent_get_input(bev_);
    while (mode_ == Mode::Http) {
        const std::size_t window = std::min(evbuffer_get_length(in), limits_.head.max_head);
        if (window == 0) return;
        const auto* data = reinterpret_cast<const char*>(evbuffer_pullup(in, static_cast<ev_ssize_t>(window)));
        const auto end = http::find_head_end({data, window}, limits_.head);
        if (!end) return refuse(http::status_for(end.error()), http::request_error_name(end.error()));
        if (!end->has_value()) return;  // the rest of the head is still on its way
        auto request = http::parse_request({data, **end}, limits_.head);
        evbuffer_drain(in, **end);
        if (!request) return refuse(http::status_for(request.error()), http::request_error_name(request.error()));
        handle(*request);
    }
}

void Connection::handle(const http::Request& request) {
    ++requests_;
    auto route = route_request(request, host_.route_context(local_host_));
    if (const auto* up = std::get_if<Upgrade>(&route)) return upgrade(*up);
    auto& response = std::get<http::Response>(route);
    if (wants_close(request) || requests_ >= limits_.max_requests) response.close = true;
    if (response.status >= 400)
        host_.log().info(label() + ": " + request.method + " " + std::string(request.path()) + ": " +
                         std::to_string(response.status));
    respond(std::move(response), request.method == "HEAD");
}

void Connection::respond(http::Response response, bool head_only) {
    const std::string head = http::response_head(response, response.body.size(), std::time(nullptr));
    evbuffer* out = bufferevent_get_output(bev_);
    evbuffer_add(out, head.data(), head.size());
    if (!head_only) evbuffer_add(out, response.body.data(), response.body.size());
    if (response.close) return close_after_flush();
    arm_deadline();
}

void Connection::refuse(int status, std::string_view why) {
    host_.log().info(label() + ": " + std::to_string(status) + ": " + std::string(why));
    respond(http::error_response(status), false);
    if (mode_ == Mode::Http) close_after_flush();
}

void Connection::upgrade(const Upgrade& up) {
    respond(switching_protocols(up), false);
    evtimer_del(deadline_.get());
    mode_ = Mode::WebSocket;
    reader_.emplace(limits_.reader);
    limiter_.emplace(limits_.message_rate, limits_.message_burst, RateLimiter::Clock::now());
    // Room for one largest frame and its header (RFC 6455 §5.2: at most 14 bytes).
    bufferevent_setwatermark(bev_, EV_READ, 0, limits_.reader.max_message + ws::kMaxHeaderSize);
    peer_ = host_.open_client(*this, up.host);
    host_.log().info(label() + ": WebSocket client connected");
}

void Connection::on_event(short what) {
    if ((what & BEV_EVENT_CONNECTED) != 0) return;  // TLS handshake done
    if ((what & BEV_EVENT_TIMEOUT) != 0)
        return retire("client does not read (" + std::to_string(queued()) + " bytes queued)");
    if ((what & BEV_EVENT_ERROR) != 0) {
        const unsigned long tls_error = bufferevent_get_openssl_error(bev_);
        if (tls_error != 0) {
            char reason[256];
            ERR_error_string_n(tls_error, reason, sizeof reason);
            return retire(std::string("TLS error: ") + reason);
        }
        return retire(mode_ == Mode::WebSocket ? "connection error" : "");
    }
    // EOF: a WebSocket client that vanishes without a Close frame is worth a line.
    retire(mode_ == Mode::WebSocket ? "connection closed without a close frame" : "");
}

// Stop reading, let the queued answer go out, then close (RFC 6455 §7.1.1:
// the server closes the TCP connection first).
void Connection::close_after_flush() {
    if (mode_ == Mode::Closed) return;
    if (!peer_.empty() && !left_) {
        left_ = true;
        host_.leave(*this);
    }
    mode_ = Mode::Closing;
    evtimer_del(deadline_.get());
    bufferevent_disable(bev_, EV_READ);
    if (queued() == 0) retire("");
}

void Connection::retire(std::string_view why) {
    if (mode_ == Mode::Closed) return;
    if (!why.empty()) host_.log().info(label() + ": " + std::string(why));
    mode_ = Mode::Closed;
    evtimer_del(deadline_.get());
    bufferevent_disable(bev_, EV_READ | EV_WRITE);
    bufferevent_setcb(bev_, nullptr, nullptr, nullptr, nullptr);
    host_.retire(*this);
}

}  // namespace turn::signaling
