// Stateless DTLS cookies (RFC 6347 §4.2.1): the HelloVerifyRequest carries a
// cookie the server can check later without having kept anything, so a
// ClientHello from a spoofed address costs one small reply and no state.
//
//   +-----------------+------------------------------------------------+
//   | epoch (1 byte)  | HMAC-SHA256(epoch key, family | port | IP)      |
//   | low byte        | truncated to 16 bytes                          |
//   +-----------------+------------------------------------------------+
//
// epoch = monotonic seconds / kRotationSeconds; epoch key = HMAC-SHA256(
// master secret, epoch). The secret thus rotates with no shared mutable
// state (RFC 6347 §4.2.1: "the secret should be changed frequently"), and
// a cookie is accepted in its own epoch and the next one only, so it lives
// between one and two rotation periods: enough for a round trip and the
// client's retransmissions. The MAC binds the cookie to the client's IP and
// port, so a cookie seen on the wire is useless from another address.
#pragma once

#include <openssl/ssl.h>

#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "protocol/transport_address.hpp"

namespace turn::server {

class DtlsCookies {
public:
    static constexpr std::size_t kSize = 1 + 16;
    static constexpr std::int64_t kRotationSeconds = 60;

    using Secret = std::array<std::uint8_t, 32>;
    using Cookie = std::array<std::uint8_t, kSize>;

    explicit DtlsCookies(const Secret& master) : master_(master) {}
    // A master secret from RAND_bytes: one per process, so a restart makes
    // every outstanding cookie invalid and clients simply get a new one.
    static std::optional<DtlsCookies> with_random_secret();

    // `now` is monotonic seconds; negative values are taken as 0.
    Cookie make(const proto::TransportAddress& client, std::int64_t now) const;
    // Any input is safe; the MAC is compared in constant time.
    bool check(std::span<const std::uint8_t> cookie, const proto::TransportAddress& client, std::int64_t now) const;

private:
    using Mac = std::array<std::uint8_t, kSize - 1>;
    Mac mac(std::int64_t epoch, const proto::TransportAddress& client) const;

    Secret master_;
};

// What OpenSSL's cookie callbacks need to know about the datagram being
// handled; reached through SSL_get_app_data of the SSL object.
struct CookieBinding {
    const DtlsCookies* cookies = nullptr;
    proto::TransportAddress client;
    std::int64_t now = 0;  // monotonic seconds

    void set_time(std::int64_t monotonic_millis) { now = monotonic_millis / 1000; }
};

// Sets the generate and verify callbacks on a DTLS context; they read the
// CookieBinding an SSL object carries as app data (none: no cookie).
void install_cookie_callbacks(SSL_CTX* ctx);

}  // namespace turn::server
