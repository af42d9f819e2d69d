#include "ops_probe.hpp"

#include <catch2/catch.hpp>

#include <charconv>
#include <thread>

#include "byte_stream.hpp"
#include "scratch.hpp"

namespace turn::itest {

HttpReply http_exchange(const proto::TransportAddress& server, std::string_view request,
                        std::chrono::milliseconds timeout) {
    TcpStream s(server);
    HttpReply reply;
    if (!request.empty() && !s.write(as_bytes(request))) return reply;
    Bytes in;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    ReadStatus st = ReadStatus::Data;
    while (st != ReadStatus::Closed && std::chrono::steady_clock::now() < deadline)
        st = s.read(in, std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()));
    reply.closed = st == ReadStatus::Closed;
    const std::string text(as_text(in));
    const auto end = text.find("\r\n\r\n");
    reply.head = text.substr(0, end);
    if (end != std::string::npos) reply.body = text.substr(end + 4);
    if (text.starts_with("HTTP/1.1 ") && text.size() >= 12) std::from_chars(text.data() + 9, text.data() + 12, reply.status);
    return reply;
}

HttpReply http_get(const proto::TransportAddress& server, std::string_view path) {
    return http_exchange(server, "GET " + std::string(path) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
}

std::optional<std::uint64_t> metric(const std::string& text, std::string_view series) {
    const std::string haystack = "\n" + text;
    const std::string prefix = "\n" + std::string(series) + " ";
    const auto at = haystack.find(prefix);
    if (at == std::string::npos) return std::nullopt;
    std::uint64_t v = 0;
    const auto [ptr, ec] = std::from_chars(haystack.data() + at + prefix.size(), haystack.data() + haystack.size(), v);
    if (ec != std::errc()) return std::nullopt;
    return v;
}

bool eventually_metric(const proto::TransportAddress& server, const std::string& path, std::string_view series,
                       const std::function<bool(std::uint64_t)>& holds, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::optional<std::uint64_t> last;
    for (;;) {
        const HttpReply r = http_get(server, path);
        last = metric(r.body, series);
        if (last && holds(*last)) return true;
        if (std::chrono::steady_clock::now() >= deadline) break;
        std::this_thread::sleep_for(100ms);
    }
    UNSCOPED_INFO(series << " last read " << (last ? std::to_string(*last) : "nothing"));
    return false;
}

std::vector<std::string> prometheus_lines(std::uint16_t port) {
    return {"prometheus", "prometheus-address=127.0.0.1", "prometheus-port=" + std::to_string(port)};
}

std::filesystem::path fresh_socket_path() {
    static int serial = 0;
    return scratch_dir() / ("admin-" + std::to_string(++serial) + ".sock");
}

turnctl::Answer admin_ask(const std::filesystem::path& socket, std::string_view line) {
    auto client = turnctl::AdminClient::connect_unix(socket.string());
    INFO(socket.string() << ": " << (client ? "" : client.error()));
    REQUIRE(client);
    auto answer = client->ask(line, std::chrono::seconds(10));
    INFO(line << ": " << (answer ? "" : answer.error()));
    REQUIRE(answer);
    return *answer;
}

ToolRun run_turnctl(const std::vector<std::string>& args, std::chrono::milliseconds timeout) {
    std::vector<std::string> argv{kTurnctlBinary};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_tool(argv, timeout);
}

}  // namespace turn::itest
