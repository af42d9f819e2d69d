// A TLS client connection (OpenSSL) over a TcpStream, as a browser's
// `turns:` would make: TLS 1.2 or newer, ALPN "stun.turn" (RFC 7443). The
// server's certificate is not verified, only handed to the test, which
// compares it with the one it generated.
#pragma once

#include <openssl/ssl.h>

#include <memory>
#include <string>

#include "byte_stream.hpp"

namespace turn::itest {

class TlsStream final : public ByteStream {
public:
    // Completes the handshake over `tcp`; throws std::runtime_error with
    // OpenSSL's reason if the server refuses it or closes.
    explicit TlsStream(TcpStream tcp);

    bool write(std::span<const std::uint8_t> bytes) override;
    ReadStatus read(Bytes& out, std::chrono::milliseconds timeout) override;
    proto::TransportAddress local_address() const override { return tcp_.local_address(); }

    // The certificate the server presented, DER-encoded.
    Bytes peer_certificate() const;
    // The ALPN protocol the server chose, "" if none.
    std::string alpn() const;

private:
    // Runs `op` (an SSL call) until it completes or `deadline` passes,
    // waiting on the socket whenever OpenSSL asks to: >0 done, <=0 failed.
    template <class Op>
    int retry(Op&& op, std::chrono::steady_clock::time_point deadline);

    TcpStream tcp_;
    std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx_;
    std::unique_ptr<SSL, decltype(&SSL_free)> ssl_;
    bool timed_out_ = false;  // the last retry() gave up waiting, not on an error
};

}  // namespace turn::itest
