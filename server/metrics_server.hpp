// The Prometheus endpoint (coturn's `prometheus` option): a small HTTP/1.1
// server on its own thread and its own libevent loop, so a scrape never
// waits on a relay thread and a relay thread never waits on a scrape.
//
//   GET <prometheus-path>   200, the metrics (metrics.hpp)
//   GET /                   200 "ok": a health check (as coturn)
//   GET anything else       404
//   other methods           405, with Allow: GET, HEAD
//   malformed requests      400 (431 for a head over 8 KiB, 505 for HTTP/2+)
//
// Every answer closes the connection. A request head must arrive within
// 10 s; at most 32 clients at once (ops_connections.hpp).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "protocol/result.hpp"
#include "protocol/transport_address.hpp"
#include "server/event_handles.hpp"
#include "server/http_request.hpp"
#include "server/http_response.hpp"
#include "server/inbox.hpp"
#include "server/logger.hpp"
#include "server/ops_connections.hpp"

namespace turn::server {

struct MetricsEndpoint {
    proto::TransportAddress address;
    std::string path = "/metrics";
};

// The answer to one request head, from the path and method alone.
http::Response metrics_response(const http::Request& request, const std::string& metrics_path,
                                const std::function<std::string()>& render);

class MetricsServer final : private OpsHandler {
public:
    using Render = std::function<std::string()>;

    // Binds the listening socket (before the process drops privileges); no
    // thread runs until start().
    static Result<std::unique_ptr<MetricsServer>, std::string> create(MetricsEndpoint endpoint, Logger& log);
    ~MetricsServer() override;  // stops the thread
    MetricsServer(const MetricsServer&) = delete;
    MetricsServer& operator=(const MetricsServer&) = delete;

    // `render` runs on the metrics thread, once per scrape.
    void start(Render render);

private:
    MetricsServer(MetricsEndpoint endpoint, Logger& log);
    void on_input(OpsConnection& c, evbuffer* in) override;
    void on_overrun(OpsConnection& c, Overrun why) override;
    void respond(OpsConnection& c, const http::Response& r, bool head_only);
    static void stop_cb(evutil_socket_t fd, short what, void* arg);

    MetricsEndpoint endpoint_;
    Render render_;
    Logger& log_;
    http::HeadLimits head_limits_;
    EventBasePtr base_;
    Wakeup stop_;
    EventPtr stop_event_;
    std::unique_ptr<OpsConnections> connections_;
    std::thread thread_;
};

}  // namespace turn::server
