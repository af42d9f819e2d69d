#include "server/dtls_gate.hpp"

#include <openssl/err.h>

#include <new>

namespace turn::server {

void configure_dtls_ssl(SSL* ssl) {
    SSL_set_options(ssl, SSL_OP_NO_QUERY_MTU);
    SSL_set_mtu(ssl, DatagramBio::kMtu);
}

DtlsGate::DtlsGate(const DatagramBio& bio, const DtlsCookies& cookies, IoCounters& counters)
    : bio_(bio), counters_(counters), binding_{&cookies, {}, 0}, peer_(BIO_ADDR_new(), &BIO_ADDR_free) {
    if (!peer_) throw std::bad_alloc();
}

void DtlsGate::set_context(SslCtxPtr ctx) {
    if (ctx == ctx_) return;
    ctx_ = std::move(ctx);
    listen_.reset();
}

SslPtr DtlsGate::fresh() {
    SslPtr ssl(ctx_ ? SSL_new(ctx_.get()) : nullptr, &SSL_free);
    BIO* bio = ssl ? bio_.make() : nullptr;
    if (bio == nullptr) return SslPtr(nullptr, &SSL_free);
    DatagramBio::link(bio).counters = &counters_;
    SSL_set_bio(ssl.get(), bio, bio);  // one reference, read and write side
    configure_dtls_ssl(ssl.get());
    SSL_set_accept_state(ssl.get());
    SSL_set_app_data(ssl.get(), &binding_);
    return ssl;
}

SslPtr DtlsGate::admit(int fd, const proto::TransportAddress& client, std::span<const std::uint8_t> hello,
                       relay::Millis now) {
    if (!listen_) listen_ = fresh();
    if (!listen_) return SslPtr(nullptr, &SSL_free);
    DatagramLink& link = DatagramBio::link(SSL_get_rbio(listen_.get()));
    link.fd = fd;
    link.peer = to_sockaddr(client);
    link.inbound = hello;
    binding_.client = client;
    binding_.set_time(now);
    const std::uint64_t sent_before = link.sent;
    const int r = DTLSv1_listen(listen_.get(), peer_.get());
    link.inbound = {};
    if (link.sent != sent_before) ++cookies_sent_;
    // A dropped ClientHello leaves reasons on this thread's error queue,
    // which the TLS connections of the same thread read too.
    ERR_clear_error();
    if (r < 0) listen_.reset();  // fatal for this object: the next ClientHello gets a fresh one
    if (r != 1) return SslPtr(nullptr, &SSL_free);
    return std::move(listen_);
}

}  // namespace turn::server
