#include "tcp_relay_fixtures.hpp"

#include "test_certificate.hpp"

namespace turn::itest {

using namespace proto;

ServerConfig tcp_relay_config(std::vector<std::string> extra) {
    extra.insert(extra.begin(), "allow-loopback-peers");
    auto config = auth_with(std::move(extra));
    config.relay_threads = 2;
    return config;
}

ServerConfig tls_relay_config(std::vector<std::string> extra) {
    for (auto& line : certificate_lines(make_test_certificate("127.0.0.1", 1))) extra.push_back(std::move(line));
    return tcp_relay_config(std::move(extra));
}

TurnClient stream_client_of(const ServerProcess& server, Security security) {
    return security == Security::Tls ? tls_client_of(server) : tcp_client_of(server);
}

TransportAddress require_tcp_allocation(TurnClient& client) {
    const auto reply = client.request(Method::Allocate, [](MessageBuilder& b) {
        b.add(RequestedTransport{RequestedTransport::kTcp});
    });
    REQUIRE(reply);
    INFO("error code " << reply->error_code());
    REQUIRE(reply->is_success());
    const auto relayed = relayed_address(*reply);
    REQUIRE(relayed);
    return *relayed;
}

std::optional<StunReply> connect_peer(TurnClient& client, const TransportAddress& peer) {
    return client.request(Method::Connect, [&](MessageBuilder& b) { b.add(XorPeerAddress{peer}); });
}

std::optional<StunReply> connection_bind(TurnClient& client, std::uint32_t id) {
    return client.request(Method::ConnectionBind, [&](MessageBuilder& b) { b.add(ConnectionId{id}); });
}

TurnClient bind_data_connection(const ServerProcess& server, std::uint32_t id, Security security) {
    TurnClient data = stream_client_of(server, security);
    const auto reply = connection_bind(data, id);
    REQUIRE(reply);
    INFO("error code " << reply->error_code());
    REQUIRE(reply->is_success());
    CHECK(reply->integrity == IntegrityStatus::Valid);
    return data;
}

std::optional<ConnectionAttempt> receive_connection_attempt(TurnClient& control, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        const auto bytes = control.receive_raw(left);
        if (!bytes) return std::nullopt;
        const auto msg = StunMessage::decode(*bytes);
        if (!msg || msg->method() != Method::ConnectionAttempt || msg->message_class() != MessageClass::Indication)
            continue;
        const auto id = msg->get<ConnectionId>();
        const auto peer = msg->get<XorPeerAddress>();
        if (id && peer) return ConnectionAttempt{id->value, peer->address};
    }
    return std::nullopt;
}

void require_carried(ByteStream& from, ByteStream& to, std::string_view message) {
    REQUIRE(from.write(as_bytes(message)));
    const auto got = read_exactly(to, message.size(), kAnswerTimeout);
    REQUIRE(got);
    CHECK(as_text(*got) == message);
}

}  // namespace turn::itest
