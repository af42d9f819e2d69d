#include "ws_test_client.hpp"

#include <charconv>
#include <stdexcept>

#include "signaling/json_parser.hpp"
#include "signaling/json_writer.hpp"
#include "signaling/ws_handshake.hpp"

namespace turn::itest {
namespace {

using namespace turn::signaling;

constexpr std::string_view kKey = "dGhlIHNhbXBsZSBub25jZQ==";

// Reads until `data` holds a whole HTTP head; its size, or nullopt.
std::optional<std::size_t> read_head(TestConnection& c, std::string& data, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        if (const auto end = data.find("\r\n\r\n"); end != std::string::npos) return end + 4;
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0 || c.read(data, left) != ReadResult::Data) return std::nullopt;
    }
}

HttpReply parse_head(std::string_view head) {
    HttpReply reply;
    const auto line_end = head.find("\r\n");
    const std::string_view status_line = head.substr(0, line_end);
    if (status_line.size() >= 12) std::from_chars(status_line.data() + 9, status_line.data() + 12, reply.status);
    for (auto at = line_end + 2; at < head.size();) {
        const auto end = head.find("\r\n", at);
        const std::string_view line = head.substr(at, end - at);
        if (const auto colon = line.find(':'); colon != std::string_view::npos) {
            std::string_view value = line.substr(colon + 1);
            while (value.starts_with(' ')) value.remove_prefix(1);
            reply.headers.push_back({std::string(line.substr(0, colon)), std::string(value)});
        }
        at = end + 2;
    }
    return reply;
}

}  // namespace

std::optional<std::string_view> HttpReply::header(std::string_view name) const {
    for (const auto& h : headers)
        if (http::iequals(h.name, name)) return std::string_view(h.value);
    return std::nullopt;
}

std::optional<HttpReply> http_exchange(TestConnection& c, std::string_view request, std::chrono::milliseconds timeout) {
    if (!request.empty() && !c.write(request)) return std::nullopt;
    std::string data;
    const auto head_size = read_head(c, data, timeout);
    if (!head_size) return std::nullopt;
    HttpReply reply = parse_head(std::string_view(data).substr(0, *head_size));
    std::size_t length = 0;
    if (const auto cl = reply.header("Content-Length")) std::from_chars(cl->data(), cl->data() + cl->size(), length);
    reply.body = data.substr(*head_size);
    while (reply.body.size() < length && c.read(reply.body, timeout) == ReadResult::Data) {}
    if (reply.body.size() > length) {
        c.put_back(reply.body.substr(length));  // the start of the next reply
        reply.body.resize(length);
    }
    return reply;
}

HttpReply http_get(std::uint16_t port, std::string_view path, std::string_view extra, bool tls) {
    TestConnection c = TestConnection::open(port, tls);
    const std::string request = "GET " + std::string(path) + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
                                "\r\n" + std::string(extra) + "\r\n";
    auto reply = http_exchange(c, request);
    if (!reply) throw std::runtime_error("no HTTP reply to GET " + std::string(path));
    return *reply;
}

std::string upgrade_request(std::uint16_t port, std::string_view key, std::string_view extra) {
    return "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) +
           "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + std::string(key) +
           "\r\nSec-WebSocket-Version: 13\r\n" + std::string(extra) + "\r\n";
}

WsClient::WsClient(std::uint16_t port, WsOptions options)
    : connection_(TestConnection::open(port, options.tls)), reader_(ws::ReaderLimits{1 << 24, 1 << 16, false}) {
    const std::string origin = !options.origin.empty() ? options.origin
                                                        : (options.tls ? "https" : "http") + std::string("://127.0.0.1:") +
                                                              std::to_string(port);
    if (!connection_.write(upgrade_request(port, kKey, "Origin: " + origin + "\r\n")))
        throw std::runtime_error("cannot send the handshake");
    const auto head_size = read_head(connection_, buffered_, 5s);
    if (!head_size) throw std::runtime_error("no handshake answer");
    const HttpReply reply = parse_head(std::string_view(buffered_).substr(0, *head_size));
    buffered_.erase(0, *head_size);
    if (reply.status != 101) throw std::runtime_error("handshake answered " + std::to_string(reply.status));
    if (reply.header("Sec-WebSocket-Accept") != std::optional<std::string_view>(ws::accept_key(kKey)))
        throw std::runtime_error("wrong Sec-WebSocket-Accept");
}

void WsClient::send(std::string_view json_text) { send_frame(ws::Opcode::Text, json_text); }

void WsClient::send_frame(ws::Opcode op, std::string_view payload, bool fin) {
    send_raw(ws::client_frame(op, payload, {0x12, 0x34, 0x56, 0x78}, fin));
}

void WsClient::send_raw(std::string_view bytes) { connection_.write(bytes); }

std::optional<ws::Event> WsClient::next(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const ws::ReadStep step =
            reader_.read({reinterpret_cast<const std::uint8_t*>(buffered_.data()), buffered_.size()});
        buffered_.erase(0, step.consumed);
        if (step.event) return step.event;
        if (step.consumed != 0) continue;
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0 || connection_.read(buffered_, left) != ReadResult::Data) return std::nullopt;
    }
}

json::Value WsClient::receive(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        auto event = next(std::max(left, 0ms));
        if (!event) throw std::runtime_error("no message from turnsignal");
        if (const auto* ping = std::get_if<ws::Ping>(&*event)) {
            send_frame(ws::Opcode::Pong, ping->payload);
            continue;
        }
        const auto* message = std::get_if<ws::Message>(&*event);
        if (message == nullptr) throw std::runtime_error("expected a message, got another frame");
        auto parsed = json::parse(message->data);
        if (!parsed) throw std::runtime_error("turnsignal sent malformed JSON: " + message->data);
        return *parsed;
    }
}

std::optional<std::uint16_t> WsClient::close_code(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        auto event = next(std::max(left, 0ms));
        if (!event) return std::nullopt;
        if (const auto* close = std::get_if<ws::CloseRequest>(&*event)) return close->code;
    }
}

json::Value join(WsClient& client, std::string_view room, std::string_view name) {
    std::string text = R"({"type":"join","room":)";
    json::append_string(text, room);
    text += R"(,"name":)";
    json::append_string(text, name);
    text += "}";
    client.send(text);
    json::Value joined = client.receive();
    if (text_of(joined, "type") != "joined") throw std::runtime_error("join answered " + json::write(joined));
    return joined;
}

std::string text_of(const json::Value& v, std::string_view key) {
    const json::Value* member = v.find(key);
    return member != nullptr && member->as_string() != nullptr ? *member->as_string() : "";
}

}  // namespace turn::itest
