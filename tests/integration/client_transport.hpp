// How the test client reaches the server: one STUN message or ChannelData per
// UDP datagram, or frames on a TCP or TLS stream (RFC 8656 §3.1, framed as
// in §12.5). TurnClient speaks TURN over either.
#pragma once

#include <chrono>
#include <memory>
#include <optional>

#include "byte_stream.hpp"
#include "udp_endpoint.hpp"

namespace turn::itest {

class ClientTransport {
public:
    virtual ~ClientTransport() = default;
    virtual void send(std::span<const std::uint8_t> message) = 0;
    // The next message or frame (over a stream, ChannelData with its
    // padding), or nullopt after `timeout` or once the server has closed.
    virtual std::optional<Bytes> receive(std::chrono::milliseconds timeout) = 0;
    virtual proto::TransportAddress local_address() const = 0;
    // RFC 8656 §12.5: over a stream, ChannelData is padded to 4 bytes.
    virtual bool is_stream() const = 0;
};

class UdpClientTransport final : public ClientTransport {
public:
    explicit UdpClientTransport(const proto::TransportAddress& server) : socket_(server.ip_string()), server_(server) {}
    void send(std::span<const std::uint8_t> message) override { socket_.send_to(server_, message); }
    std::optional<Bytes> receive(std::chrono::milliseconds timeout) override;
    proto::TransportAddress local_address() const override { return socket_.address(); }
    bool is_stream() const override { return false; }
    const UdpEndpoint& socket() const { return socket_; }
    const proto::TransportAddress& server() const { return server_; }

private:
    UdpEndpoint socket_;
    proto::TransportAddress server_;
};

class StreamClientTransport final : public ClientTransport {
public:
    explicit StreamClientTransport(std::unique_ptr<ByteStream> stream) : stream_(std::move(stream)) {}
    void send(std::span<const std::uint8_t> message) override { stream_->write(message); }
    std::optional<Bytes> receive(std::chrono::milliseconds timeout) override;
    proto::TransportAddress local_address() const override { return stream_->local_address(); }
    bool is_stream() const override { return true; }

    ByteStream& stream() { return *stream_; }

private:
    std::unique_ptr<ByteStream> stream_;
    Bytes pending_;  // received bytes not yet returned as a frame
};

}  // namespace turn::itest
