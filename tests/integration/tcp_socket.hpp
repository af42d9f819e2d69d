// A TCP connection for the tests, plain or TLS (client side, no certificate
// check: the server is the test's own), and a TCP listener on loopback that
// plays a peer of the relay. Every read has a deadline, so no test hangs on
// bytes that never come.
#pragma once

#include <openssl/ssl.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <utility>

#include "protocol/transport_address.hpp"
#include "udp_endpoint.hpp"

namespace turn::itest {

class TcpSocket {
public:
    // Connects (blocking, on loopback: immediate); throws std::runtime_error.
    static TcpSocket connect(const proto::TransportAddress& to);
    explicit TcpSocket(int fd);
    TcpSocket(TcpSocket&& o) noexcept;
    TcpSocket& operator=(TcpSocket&&) = delete;
    TcpSocket(const TcpSocket&) = delete;
    TcpSocket& operator=(const TcpSocket&) = delete;
    ~TcpSocket();

    const proto::TransportAddress& local_address() const { return local_; }
    // A TLS client handshake on the connection; throws on failure.
    void start_tls();

    void send_all(std::span<const std::uint8_t> bytes);
    // What arrives next (at most `max` bytes); empty at the end of the
    // stream (EOF or reset); nullopt if nothing came in time.
    std::optional<Bytes> read_some(std::chrono::milliseconds timeout, std::size_t max = 64 * 1024);
    // Exactly `n` bytes, or nullopt (timeout, or the stream ended first).
    std::optional<Bytes> read_exact(std::size_t n, std::chrono::milliseconds timeout);
    // True if the stream ends within `timeout` (anything read first is dropped).
    bool ends_within(std::chrono::milliseconds timeout);

private:
    struct SslFree {
        void operator()(SSL* s) const { SSL_free(s); }
    };
    struct CtxFree {
        void operator()(SSL_CTX* c) const { SSL_CTX_free(c); }
    };

    int fd_ = -1;
    proto::TransportAddress local_;
    std::unique_ptr<SSL_CTX, CtxFree> ctx_;
    std::unique_ptr<SSL, SslFree> ssl_;
};

// Listens on 127.0.0.1 (an ephemeral port).
class TcpListener {
public:
    TcpListener();
    TcpListener(const TcpListener&) = delete;
    TcpListener& operator=(const TcpListener&) = delete;
    ~TcpListener();

    const proto::TransportAddress& address() const { return local_; }
    // The next connection and where it comes from, or nullopt after `timeout`.
    std::optional<std::pair<TcpSocket, proto::TransportAddress>> accept(std::chrono::milliseconds timeout);

private:
    int fd_ = -1;
    proto::TransportAddress local_;
};

}  // namespace turn::itest
