#include "server/dtls_session.hpp"

#include <openssl/err.h>

#include "server/dtls_bio.hpp"

namespace turn::server {

namespace {

// RFC 6066 §4: a client may have asked for shorter records; DTLS never
// splits a write over records, and OpenSSL fails the whole session on a
// write longer than one record, so longer data is dropped before.
std::size_t record_limit(SSL* ssl) {
    const SSL_SESSION* s = SSL_get_session(ssl);
    const std::uint8_t mfl = s != nullptr ? SSL_SESSION_get_max_fragment_length(s) : 0;
    return mfl >= TLSEXT_max_fragment_length_512 && mfl <= TLSEXT_max_fragment_length_4096
               ? std::size_t{1} << (8 + mfl)
               : std::size_t{SSL3_RT_MAX_PLAIN_LENGTH};
}

}  // namespace

DtlsSession::DtlsSession(SslPtr ssl, const relay::ClientKey& key, const DtlsCookies& cookies, relay::Millis now)
    : ssl_(std::move(ssl)), key_(key), binding_{&cookies, key.addr, 0}, started_(now), last_heard_(now) {
    binding_.set_time(now);
    // OpenSSL checks the cookie again when it reads the ClientHello.
    SSL_set_app_data(ssl_.get(), &binding_);
}

void DtlsSession::start(relay::Millis now) {
    binding_.set_time(now);
    ERR_clear_error();  // SSL_get_error reads the queue: it must start empty
    on_ssl_result(SSL_do_handshake(ssl_.get()));
    check_established();
}

void DtlsSession::receive(relay::PacketView datagram, relay::Millis now,
                          FunctionRef<void(std::span<const std::uint8_t>)> deliver) {
    if (state_ == State::Closed) return;
    binding_.set_time(now);
    DatagramLink& link = DatagramBio::link(SSL_get_rbio(ssl_.get()));
    link.inbound = {datagram.data, datagram.size};
    std::uint8_t* out = datagram.data;
    std::size_t room = datagram.size;
    ERR_clear_error();  // TLS connections of this thread may have left something
    // SSL_read also drives the handshake; once it is done, each record is
    // one message. A datagram may carry several records (RFC 6347 §4.1.1).
    while (state_ != State::Closed && room > 0) {
        const int n = SSL_read(ssl_.get(), out, static_cast<int>(room));
        if (n <= 0) {
            on_ssl_result(n);
            break;
        }
        check_established();
        // Only an authentic record counts as the client being there: a
        // forged datagram from its address does not keep the session.
        last_heard_ = now;
        deliver({out, static_cast<std::size_t>(n)});
        out += n;
        room -= static_cast<std::size_t>(n);
    }
    link.inbound = {};
    check_established();
}

bool DtlsSession::send(std::span<const std::uint8_t> data) {
    if (state_ != State::Established || data.empty() || data.size() > max_record_) return false;
    ERR_clear_error();
    const int n = SSL_write(ssl_.get(), data.data(), static_cast<int>(data.size()));
    if (n <= 0) on_ssl_result(n);
    return n > 0;
}

void DtlsSession::on_timer() {
    if (state_ != State::Handshaking) return;
    if (DTLSv1_handle_timeout(ssl_.get()) < 0) fail("handshake retransmissions exhausted: " + openssl_reason());
    ERR_clear_error();
}

void DtlsSession::close(std::string_view why) {
    if (state_ == State::Closed) return;
    if (state_ == State::Established) (void)SSL_shutdown(ssl_.get());  // sends close_notify; no wait for the reply
    ERR_clear_error();
    state_ = State::Closed;
    end_reason_ = why;
}

void DtlsSession::on_ssl_result(int result) {
    if (result > 0) return;
    switch (SSL_get_error(ssl_.get(), result)) {
        case SSL_ERROR_WANT_READ:
        case SSL_ERROR_WANT_WRITE: break;  // waiting for the next datagram
        case SSL_ERROR_ZERO_RETURN: close("closed by the client (close_notify)"); break;
        default: fail("DTLS error: " + openssl_reason()); break;  // a fatal alert either way (RFC 5246 §7.2.2)
    }
    // Whatever is left belongs to no one else on this thread.
    ERR_clear_error();
}

void DtlsSession::check_established() {
    if (state_ != State::Handshaking || SSL_is_init_finished(ssl_.get()) != 1) return;
    state_ = State::Established;
    max_record_ = record_limit(ssl_.get());
}

void DtlsSession::fail(std::string why) {
    state_ = State::Closed;
    end_reason_ = std::move(why);
}

}  // namespace turn::server
