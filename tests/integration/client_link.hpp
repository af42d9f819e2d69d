// How a test client reaches the server: a UDP socket (datagrams) or a TCP or
// TLS connection (frames, stream_link.hpp). TurnClient speaks TURN over
// either.
#pragma once

#include <chrono>
#include <optional>
#include <span>

#include "protocol/transport_address.hpp"
#include "udp_endpoint.hpp"

namespace turn::itest {

class ClientLink {
public:
    virtual ~ClientLink() = default;
    virtual const proto::TransportAddress& local_address() const = 0;
    virtual void send(std::span<const std::uint8_t> message) = 0;
    // The next datagram or frame from the server, or nullopt after `timeout`.
    virtual std::optional<Bytes> receive(std::chrono::milliseconds timeout) = 0;
};

class UdpLink final : public ClientLink {
public:
    explicit UdpLink(const proto::TransportAddress& server) : socket_(server.ip_string()), server_(server) {}
    const proto::TransportAddress& local_address() const override { return socket_.address(); }
    void send(std::span<const std::uint8_t> message) override { socket_.send_to(server_, message); }
    std::optional<Bytes> receive(std::chrono::milliseconds timeout) override;

private:
    UdpEndpoint socket_;
    proto::TransportAddress server_;
};

}  // namespace turn::itest
