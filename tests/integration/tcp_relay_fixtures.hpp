// Shorthands for the RFC 6062 tests: TCP allocations, Connect, ConnectionBind
// on a new connection, ConnectionAttempt, over TCP or TLS clients
// (stream_client.hpp) with TCP peers (tcp_peer.hpp).
#pragma once

#include <string>
#include <vector>

#include "fixtures.hpp"
#include "stream_client.hpp"
#include "tcp_peer.hpp"

namespace turn::itest {

enum class Security { Plain, Tls };

// Long-term credentials, loopback peers allowed (the test's peers are on
// 127.0.0.1), two relay threads so binds cross threads; `extra` lines last.
ServerConfig tcp_relay_config(std::vector<std::string> extra = {});
// The same with TLS: a fresh self-signed certificate.
ServerConfig tls_relay_config(std::vector<std::string> extra = {});

// alice's client on a new TCP or TLS connection.
TurnClient stream_client_of(const ServerProcess& server, Security security = Security::Plain);

// RFC 6062 §4.1: Allocate with REQUESTED-TRANSPORT TCP; the relayed address.
proto::TransportAddress require_tcp_allocation(TurnClient& client);

std::optional<StunReply> connect_peer(TurnClient& client, const proto::TransportAddress& peer);
std::optional<StunReply> connection_bind(TurnClient& client, std::uint32_t id);

// A new connection that ConnectionBinds to `id` and must succeed: from then
// on it carries the peer's bytes (stream_of() gives it).
TurnClient bind_data_connection(const ServerProcess& server, std::uint32_t id, Security security = Security::Plain);

// The next ConnectionAttempt indication on `control` (RFC 6062 §5.3).
struct ConnectionAttempt {
    std::uint32_t id = 0;
    proto::TransportAddress peer;
};
std::optional<ConnectionAttempt> receive_connection_attempt(TurnClient& control,
                                                            std::chrono::milliseconds timeout = kAnswerTimeout);

// `message` written to one stream arrives unchanged on the other.
void require_carried(ByteStream& from, ByteStream& to, std::string_view message);

}  // namespace turn::itest
