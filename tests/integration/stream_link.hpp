// A TCP or TLS connection to the server as a ClientLink: STUN messages and
// ChannelData frames are cut from the byte stream (RFC 8656 §12.5). After an
// RFC 6062 ConnectionBind the same connection carries raw data: socket() and
// take_buffered() give the test the bytes as they are.
#pragma once

#include "client_link.hpp"
#include "tcp_socket.hpp"

namespace turn::itest {

enum class Security { Plain, Tls };

class StreamLink final : public ClientLink {
public:
    explicit StreamLink(const proto::TransportAddress& server, Security security = Security::Plain);

    const proto::TransportAddress& local_address() const override { return socket_.local_address(); }
    void send(std::span<const std::uint8_t> message) override { socket_.send_all(message); }
    std::optional<Bytes> receive(std::chrono::milliseconds timeout) override;

    TcpSocket& socket() { return socket_; }
    // Bytes read past the last frame received (data right behind a response).
    Bytes take_buffered() { return std::exchange(buffer_, {}); }

private:
    TcpSocket socket_;
    Bytes buffer_;
};

}  // namespace turn::itest
