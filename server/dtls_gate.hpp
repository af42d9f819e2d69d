// The stateless front door of a worker's DTLS listeners (RFC 6347 §4.2.1).
// One reusable SSL object runs DTLSv1_listen over each ClientHello from an
// address that has no session. Without a valid cookie the client gets a
// HelloVerifyRequest, which is smaller than the ClientHello that caused it
// (no amplification), and nothing is kept. With a valid cookie the client
// has shown that it receives at its address; the SSL object, now holding
// that ClientHello, is handed over to become the client's session, and the
// next ClientHello gets a fresh one.
#pragma once

#include <openssl/ssl.h>

#include <cstdint>
#include <memory>
#include <span>

#include "relay/clock.hpp"
#include "server/dtls_bio.hpp"
#include "server/dtls_cookie.hpp"
#include "server/tls_context.hpp"

namespace turn::server {

class DtlsGate {
public:
    DtlsGate(const DatagramBio& bio, const DtlsCookies& cookies, IoCounters& counters);

    // After a reload (SIGUSR2) the next ClientHello uses the new context;
    // sessions keep the one they started with.
    void set_context(SslCtxPtr ctx);

    // The SSL object to go on with when `hello` carries a valid cookie for
    // `client`; null otherwise (a HelloVerifyRequest went out from `fd`, or
    // the datagram was not a usable ClientHello). The returned object's app
    // data still points at the gate: the new owner re-points it.
    SslPtr admit(int fd, const proto::TransportAddress& client, std::span<const std::uint8_t> hello,
                 relay::Millis now);

    std::uint64_t cookies_sent() const { return cookies_sent_; }

private:
    SslPtr fresh();

    const DatagramBio& bio_;
    IoCounters& counters_;
    CookieBinding binding_;
    SslCtxPtr ctx_;
    SslPtr listen_{nullptr, &SSL_free};
    std::unique_ptr<BIO_ADDR, decltype(&BIO_ADDR_free)> peer_;
    std::uint64_t cookies_sent_ = 0;
};

// Settings every DTLS SSL object of this server gets: records cut to the
// BIO's MTU (which is fixed: there is no socket to ask).
void configure_dtls_ssl(SSL* ssl);

}  // namespace turn::server
