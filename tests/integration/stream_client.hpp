// TURN over TCP and TLS against the server under test (RFC 8656 §3.1): the
// clients, the server setup the stream tests share, and their checks that
// the server closed a bad connection, said why, and still serves.
#pragma once

#include <chrono>
#include <string_view>

#include "byte_stream.hpp"
#include "server_process.hpp"
#include "test_certificate.hpp"
#include "tls_stream.hpp"
#include "turn_client.hpp"

namespace turn::itest {

// The channel the stream tests bind (RFC 8656 §12: 0x4000-0x4FFF).
inline constexpr std::uint16_t kChannel = 0x4001;

// The handshake, idle and write deadlines stream_server() sets: short, so
// the tests of those deadlines take about a second.
inline constexpr std::chrono::seconds kStreamDeadline{1};
// A close well before kStreamDeadline happened at once, not by a deadline.
inline constexpr std::chrono::milliseconds kAtOnce{500};
// A deadline timer may fire a little early by the test's clock.
inline constexpr std::chrono::milliseconds kTimerSlack{100};

// Long-term auth, loopback peers and kStreamDeadline for tcp-handshake-timeout,
// tcp-idle-timeout and tcp-write-timeout; then `extra`.
ServerConfig stream_server(std::vector<std::string> extra = {});
// The same with `cert` for TLS.
ServerConfig tls_server(const TestCertificate& cert, std::vector<std::string> extra = {});

// alice's client over TCP or TLS to the server's listening port (which
// serves both, told apart by the first byte).
TurnClient tcp_client_of(const ServerProcess& server, TcpOptions options = {});
TurnClient tls_client_of(const ServerProcess& server);
// The connection under a client made by either.
ByteStream& stream_of(TurnClient& client);

// The server logs why it closed the connection from `client`:
// "<TCP|TLS> <client address>: <why>".
void require_close_logged(const ServerProcess& server, std::string_view kind, const proto::TransportAddress& client,
                          std::string_view why);

// The server closes `stream` within `within` (EOF or reset) and logs why.
// Returns how long the close took.
std::chrono::milliseconds require_closed_with_log(const ServerProcess& server, ByteStream& stream,
                                                  std::string_view kind, std::string_view why,
                                                  std::chrono::milliseconds within);

// ChannelData both ways on `channel`, bound to `peer`: the peer gets exactly
// `payload` from the relayed address; the client gets it back as one frame
// padded to 4 bytes with zeros (RFC 8656 §12.5).
void require_channel_round_trip(TurnClient& client, std::uint16_t channel, const UdpEndpoint& peer,
                                const proto::TransportAddress& relayed, std::span<const std::uint8_t> payload);

// `client` (new) gets a Binding answer: the server still serves.
void require_served(TurnClient client);

}  // namespace turn::itest
