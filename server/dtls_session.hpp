// One DTLS client of a worker thread (RFC 6347), admitted by the DtlsGate:
// its SSL object, fed one received datagram at a time, with every record it
// decrypts handed on as one STUN message or ChannelData (RFC 8656 §12.5: no
// padding over DTLS), and everything the relay sends it encrypted and sent
// at once. The worker's sweep drives retransmission and deadlines; the
// session keeps no timer of its own.
#pragma once

#include <openssl/ssl.h>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "protocol/function_ref.hpp"
#include "relay/clock.hpp"
#include "relay/relay_core.hpp"
#include "relay/transport.hpp"
#include "server/dtls_cookie.hpp"
#include "server/tls_context.hpp"

namespace turn::server {

class DtlsSession {
public:
    enum class State : std::uint8_t { Handshaking, Established, Closed };

    // `ssl` comes from DtlsGate::admit and still holds the ClientHello:
    // start() answers it.
    DtlsSession(SslPtr ssl, const relay::ClientKey& key, const DtlsCookies& cookies, relay::Millis now);
    DtlsSession(const DtlsSession&) = delete;
    DtlsSession& operator=(const DtlsSession&) = delete;

    void start(relay::Millis now);
    // Feeds one datagram. Each decrypted record goes to `deliver`, written
    // in place over the datagram (the BIO has copied it by then, and
    // plaintext is shorter than the records that carried it), so it stays
    // valid as long as the datagram's receive slot.
    void receive(relay::PacketView datagram, relay::Millis now,
                 FunctionRef<void(std::span<const std::uint8_t>)> deliver);
    // Encrypts and sends one record; false if it was not sent (not yet
    // established, too large for one record, or the session failed).
    bool send(std::span<const std::uint8_t> data);
    // Retransmits the last flight if OpenSSL's timer ran out (RFC 6347 §4.2.4).
    void on_timer();
    // Ends the session: a close_notify if it was established (RFC 5246
    // §7.2.1), then nothing more is sent or accepted.
    void close(std::string_view why);

    State state() const { return state_; }
    const relay::ClientKey& key() const { return key_; }
    relay::Millis started() const { return started_; }
    // When the client last sent a record that decrypted.
    relay::Millis last_heard() const { return last_heard_; }
    // Why the session ended; empty while it is open.
    const std::string& end_reason() const { return end_reason_; }

private:
    void on_ssl_result(int result);
    void check_established();
    void fail(std::string why);

    SslPtr ssl_;
    relay::ClientKey key_;
    CookieBinding binding_;
    State state_ = State::Handshaking;
    relay::Millis started_;
    relay::Millis last_heard_;
    std::size_t max_record_ = 0;  // plaintext bytes one record may carry
    std::string end_reason_;
};

}  // namespace turn::server
