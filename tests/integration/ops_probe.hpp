// Probes of the operations endpoints for the integration tests: raw HTTP/1.1
// to the metrics endpoint (a test sends any bytes it likes), Prometheus
// samples read out of the answer, and the admin interface through turnctl's
// own client (tools/ctl) or the turnctl binary.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "admin_client.hpp"
#include "child_process.hpp"
#include "protocol/transport_address.hpp"

namespace turn::itest {

inline const char* const kTurnctlBinary = TURNCTL_BINARY;

struct HttpReply {
    int status = 0;  // 0: no status line came
    std::string head;
    std::string body;
    bool closed = false;  // the server closed the connection after it
};

// Sends `request` as it is and reads until the server closes the connection
// or `timeout` passes.
HttpReply http_exchange(const proto::TransportAddress& server, std::string_view request,
                        std::chrono::milliseconds timeout = 5s);
HttpReply http_get(const proto::TransportAddress& server, std::string_view path);

// The value of one sample, `series` written as the text format prints it
// (`name` or `name{label="value"}`); nullopt when it is not there.
std::optional<std::uint64_t> metric(const std::string& text, std::string_view series);

// Scrapes until `holds` is true of a sample's value: the workers publish
// their gauges once a second. False if it never holds within `timeout`.
bool eventually_metric(const proto::TransportAddress& server, const std::string& path, std::string_view series,
                       const std::function<bool(std::uint64_t)>& holds, std::chrono::milliseconds timeout = 10s);

// Config lines turning the endpoint on at `port` of 127.0.0.1.
std::vector<std::string> prometheus_lines(std::uint16_t port);

// A path in the scratch directory where nothing is yet, for admin-socket.
std::filesystem::path fresh_socket_path();

// One admin request through turnctl's client; fails the test if the server
// cannot be asked.
turnctl::Answer admin_ask(const std::filesystem::path& socket, std::string_view line);

// The turnctl binary with these arguments.
ToolRun run_turnctl(const std::vector<std::string>& args, std::chrono::milliseconds timeout = 30s);

}  // namespace turn::itest
