// A DTLS 1.2 client for the integration tests (RFC 6347), OpenSSL over
// memory BIOs on a UdpEndpoint, so a test controls every flight: it can take
// the first ClientHello and send it from elsewhere, stall after the server's
// flight, or run the whole handshake and then talk STUN over the session.
// Every wait is bounded.
#pragma once

#include <openssl/ssl.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string_view>

#include "protocol/message.hpp"
#include "udp_endpoint.hpp"

namespace turn::itest {

class DtlsClient {
public:
    // A client socket on `local_ip` (any port) for the server at `server`.
    explicit DtlsClient(proto::TransportAddress server, std::string_view local_ip = "127.0.0.1");

    const UdpEndpoint& socket() const { return socket_; }
    // Forgets the session and starts over from the same socket, as a
    // client that lost its state would (RFC 6347 §4.2.8).
    void restart();

    // The handshake step by step: what the client sends next (its first
    // ClientHello, or after accept() of a HelloVerifyRequest the ClientHello
    // with the cookie), without sending it.
    Bytes next_flight();
    // Hands a datagram from the server to OpenSSL.
    void accept(std::span<const std::uint8_t> datagram);

    // The whole handshake over the socket, retransmitting on OpenSSL's
    // timer; false if not done within `timeout`.
    bool handshake(std::chrono::milliseconds timeout);
    // One record with `data`, sent at once.
    void send(std::span<const std::uint8_t> data);
    // The next record's plaintext, or nullopt after `timeout` (or once the
    // session ended).
    std::optional<Bytes> receive(std::chrono::milliseconds timeout);
    // close_notify (RFC 5246 §7.2.1).
    void close();
    // The server's close_notify has arrived (through receive()).
    bool closed_by_server() const;
    // The certificate the server presented (DER), empty before the handshake.
    Bytes peer_certificate() const;

private:
    void new_ssl();
    Bytes drain();
    void flush();

    UdpEndpoint socket_;
    proto::TransportAddress server_;
    std::shared_ptr<SSL_CTX> ctx_;
    std::unique_ptr<SSL, decltype(&SSL_free)> ssl_;
    BIO* in_ = nullptr;   // owned by ssl_
    BIO* out_ = nullptr;  // owned by ssl_
};

// A STUN request over `client`, and the response with the same transaction
// ID, or nullopt after the timeout.
std::optional<Bytes> dtls_transact(DtlsClient& client, std::span<const std::uint8_t> request,
                                   const proto::TransactionId& tid, std::chrono::milliseconds timeout);

// What a datagram from a DTLS server is: a HelloVerifyRequest (RFC 6347
// §4.2.1) carrying a cookie.
bool is_hello_verify_request(std::span<const std::uint8_t> datagram);
// Whether the first records of two datagrams are the same handshake record
// apart from the record sequence number, which a retransmission renews (RFC
// 6347 §4.2.4, §4.1). A flight may go as one datagram and be retransmitted
// as several, or the other way round.
bool same_first_handshake_record(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b);

}  // namespace turn::itest
