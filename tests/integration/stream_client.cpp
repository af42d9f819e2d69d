#include "stream_client.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

#include "protocol/byte_order.hpp"
#include "protocol/channel_data.hpp"

namespace turn::itest {
namespace {

using Clock = std::chrono::steady_clock;

}  // namespace

ServerConfig stream_server(std::vector<std::string> extra) {
    auto lines = long_term_auth_lines();
    const std::string deadline = std::to_string(kStreamDeadline.count());
    lines.insert(lines.end(), {"allow-loopback-peers", "tcp-handshake-timeout=" + deadline,
                               "tcp-idle-timeout=" + deadline, "tcp-write-timeout=" + deadline});
    lines.insert(lines.end(), extra.begin(), extra.end());
    return {lines};
}

ServerConfig tls_server(const TestCertificate& cert, std::vector<std::string> extra) {
    const auto lines = certificate_lines(cert);
    extra.insert(extra.begin(), lines.begin(), lines.end());
    return stream_server(std::move(extra));
}

TurnClient tcp_client_of(const ServerProcess& server, TcpOptions options) {
    return TurnClient(
        std::make_unique<StreamClientTransport>(std::make_unique<TcpStream>(server.address(), options)),
        {kUser, kPassword});
}

TurnClient tls_client_of(const ServerProcess& server) {
    return TurnClient(
        std::make_unique<StreamClientTransport>(std::make_unique<TlsStream>(TcpStream(server.address()))),
        {kUser, kPassword});
}

void require_close_logged(const ServerProcess& server, std::string_view kind, const proto::TransportAddress& client,
                          std::string_view why) {
    const std::string line = std::string(kind) + " " + client.to_string() + ": " + std::string(why);
    INFO("expected log line: " << line);
    CHECK(server.log_shows(line, kAnswerTimeout));
}

ByteStream& stream_of(TurnClient& client) { return dynamic_cast<StreamClientTransport&>(client.transport()).stream(); }

std::chrono::milliseconds require_closed_with_log(const ServerProcess& server, ByteStream& stream,
                                                  std::string_view kind, std::string_view why,
                                                  std::chrono::milliseconds within) {
    const auto start = Clock::now();
    REQUIRE(closed_within(stream, within));
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
    require_close_logged(server, kind, stream.local_address(), why);
    return took;
}

void require_channel_round_trip(TurnClient& client, std::uint16_t channel, const UdpEndpoint& peer,
                                const proto::TransportAddress& relayed, std::span<const std::uint8_t> payload) {
    const Bytes sent(payload.begin(), payload.end());
    client.send_channel_data(channel, payload);
    const auto at_peer = peer.receive(kAnswerTimeout);
    REQUIRE(at_peer);
    CHECK(at_peer->bytes == sent);
    CHECK(at_peer->from == relayed);

    peer.send_to(relayed, payload);
    const auto frame = client.receive_raw(kAnswerTimeout);
    REQUIRE(frame);
    const std::size_t unpadded = proto::kChannelDataHeaderSize + payload.size();
    CHECK(frame->size() == proto::pad4(unpadded));
    const auto cd = proto::decode_channel_data(*frame);
    REQUIRE(cd);
    CHECK(cd->channel == channel);
    CHECK(Bytes(cd->payload.begin(), cd->payload.end()) == sent);
    CHECK(std::all_of(frame->begin() + static_cast<std::ptrdiff_t>(std::min(unpadded, frame->size())), frame->end(),
                      [](std::uint8_t b) { return b == 0; }));
}

void require_served(TurnClient client) {
    const auto reply = client.request_once(proto::Method::Binding);
    REQUIRE(reply);
    CHECK(reply->is_success());
}

}  // namespace turn::itest
