#include "server/metrics_server.hpp"

#include <event2/buffer.h>

#include <algorithm>
#include <ctime>
#include <stdexcept>

#include "server/prometheus_text.hpp"

namespace turn::server {
namespace {

constexpr int kListenBacklog = 64;

http::Response text_response(int status, std::string body, std::string_view content_type) {
    http::Response r;
    r.status = status;
    r.headers = {{"Content-Type", std::string(content_type)}, {"X-Content-Type-Options", "nosniff"}};
    r.body = std::move(body);
    r.close = true;
    return r;
}

http::Response closing_error(int status) {
    http::Response r = http::error_response(status);
    r.close = true;
    return r;
}

}  // namespace

http::Response metrics_response(const http::Request& request, const std::string& metrics_path,
                                const std::function<std::string()>& render) {
    if (request.method != "GET" && request.method != "HEAD") {
        http::Response r = closing_error(405);
        r.headers.push_back({"Allow", "GET, HEAD"});
        return r;
    }
    const std::string_view path = request.path();
    if (path == metrics_path) return text_response(200, render(), kPrometheusContentType);
    // coturn answers 200 on / so load balancers and probes can check liveness.
    if (path == "/") return text_response(200, "ok\n", "text/plain; charset=utf-8");
    return closing_error(404);
}

MetricsServer::MetricsServer(MetricsEndpoint endpoint, Logger& log)
    : endpoint_(std::move(endpoint)), log_(log), base_(event_base_new()) {
    if (!base_) throw std::runtime_error("event_base_new failed");
    stop_event_.reset(event_new(base_.get(), stop_.fd(), EV_READ | EV_PERSIST, &MetricsServer::stop_cb, this));
    if (!stop_event_ || event_add(stop_event_.get(), nullptr) != 0)
        throw std::runtime_error("cannot watch the metrics thread's wake-up eventfd");
    OpsLimits limits;
    limits.max_input = head_limits_.max_head;
    connections_ = std::make_unique<OpsConnections>(base_.get(), limits, static_cast<OpsHandler&>(*this));
}

Result<std::unique_ptr<MetricsServer>, std::string> MetricsServer::create(MetricsEndpoint endpoint, Logger& log) {
    std::unique_ptr<MetricsServer> s;
    try {
        s.reset(new MetricsServer(std::move(endpoint), log));
    } catch (const std::exception& e) {
        return unexpected(std::string("metrics endpoint: ") + e.what());
    }
    auto fd = open_tcp_listener(s->endpoint_.address, {.reuse_port = false, .backlog = kListenBacklog});
    if (!fd) return unexpected("prometheus: cannot listen: " + fd.error().what);
    if (auto r = s->connections_->listen(std::move(*fd)); !r) return unexpected("prometheus: " + r.error());
    return s;
}

MetricsServer::~MetricsServer() {
    stop_.wake();
    if (thread_.joinable()) thread_.join();
    connections_->close_all();
    connections_.reset();
}

void MetricsServer::start(Render render) {
    render_ = std::move(render);
    // The loop was made before the process may have forked into a daemon.
    if (event_reinit(base_.get()) != 0) log_.warning("prometheus: event_reinit failed");
    log_.info("prometheus metrics on http://" + endpoint_.address.to_string() + endpoint_.path);
    thread_ = std::thread([this] { event_base_dispatch(base_.get()); });
}

void MetricsServer::stop_cb(evutil_socket_t, short, void* arg) {
    auto* s = static_cast<MetricsServer*>(arg);
    s->stop_.reset();
    event_base_loopbreak(s->base_.get());
}

void MetricsServer::on_input(OpsConnection& c, evbuffer* in) {
    if (!c.open()) return;
    const std::size_t window = std::min(evbuffer_get_length(in), head_limits_.max_head);
    const auto* data = reinterpret_cast<const char*>(evbuffer_pullup(in, static_cast<ev_ssize_t>(window)));
    const auto end = http::find_head_end({data, window}, head_limits_);
    if (!end) return respond(c, closing_error(http::status_for(end.error())), false);
    if (!end->has_value()) return;  // the rest of the head is on its way
    const auto request = http::parse_request({data, **end}, head_limits_);
    if (!request) return respond(c, closing_error(http::status_for(request.error())), false);
    respond(c, metrics_response(*request, endpoint_.path, render_), request->method == "HEAD");
}

void MetricsServer::on_overrun(OpsConnection& c, Overrun why) {
    // A head that does not fit, or does not arrive in time: answered, then closed.
    respond(c, closing_error(why == Overrun::Input ? 431 : 408), false);
}

void MetricsServer::respond(OpsConnection& c, const http::Response& r, bool head_only) {
    c.send(http::response_head(r, r.body.size(), std::time(nullptr)));
    if (!head_only) c.send(r.body);
    c.close_after_flush();
}

}  // namespace turn::server
