// Shorthands for the RFC 6062 tests: a TURN client over its own TCP or TLS
// connection, TCP allocations, Connect and ConnectionBind.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "fixtures.hpp"
#include "stream_link.hpp"

namespace turn::itest {

// Long-term credentials, loopback peers allowed (the test's peers are on
// 127.0.0.1), two relay threads so binds cross threads; `extra` lines last.
ServerConfig tcp_relay_config(std::vector<std::string> extra = {});

// The same with TLS: a fresh self-signed certificate.
ServerConfig tls_relay_config(std::vector<std::string> extra = {});

// A TURN client with its own connection to the server.
struct StreamClient {
    explicit StreamClient(const ServerProcess& server, Security security = Security::Plain);

    StreamLink* link;  // owned by turn
    TurnClient turn;
};

// RFC 6062 §4.1: Allocate with REQUESTED-TRANSPORT TCP; the relayed address.
proto::TransportAddress require_tcp_allocation(TurnClient& client);

std::optional<StunReply> connect_peer(TurnClient& client, const proto::TransportAddress& peer);

// A new connection that ConnectionBinds to `id` and must succeed: from then
// on it carries the peer's bytes.
StreamClient bind_data_connection(const ServerProcess& server, std::uint32_t id, Security security = Security::Plain);

// The next ConnectionAttempt indication on `control` (RFC 6062 §5.3).
struct ConnectionAttempt {
    std::uint32_t id = 0;
    proto::TransportAddress peer;
};
std::optional<ConnectionAttempt> receive_connection_attempt(TurnClient& control,
                                                            std::chrono::milliseconds timeout = kAnswerTimeout);

}  // namespace turn::itest
