#include "server/dtls_cookie.hpp"

#include <openssl/rand.h>

#include <algorithm>

#include "protocol/digest.hpp"

namespace turn::server {

namespace {

std::array<std::uint8_t, 8> big_endian(std::uint64_t v) {
    std::array<std::uint8_t, 8> b{};
    for (std::size_t i = 0; i < b.size(); ++i) b[i] = static_cast<std::uint8_t>(v >> (8 * (b.size() - 1 - i)));
    return b;
}

std::int64_t epoch_of(std::int64_t now) { return std::max<std::int64_t>(now, 0) / DtlsCookies::kRotationSeconds; }

const CookieBinding* binding_of(SSL* ssl) {
    const auto* b = static_cast<const CookieBinding*>(SSL_get_app_data(ssl));
    return b != nullptr && b->cookies != nullptr ? b : nullptr;
}

// OpenSSL's callback contract: 1 and the cookie in `out` (room for
// DTLS1_COOKIE_LENGTH bytes), or 0, which makes DTLSv1_listen fail.
int generate_cookie(SSL* ssl, unsigned char* out, unsigned int* length) {
    const CookieBinding* b = binding_of(ssl);
    if (b == nullptr) return 0;
    const DtlsCookies::Cookie c = b->cookies->make(b->client, b->now);
    std::copy(c.begin(), c.end(), out);
    *length = static_cast<unsigned int>(c.size());
    return 1;
}

// 1 for a cookie this server made for this client recently, else 0: the
// client gets a new HelloVerifyRequest (RFC 6347 §4.2.1).
int verify_cookie(SSL* ssl, const unsigned char* cookie, unsigned int length) {
    const CookieBinding* b = binding_of(ssl);
    return b != nullptr && b->cookies->check({cookie, length}, b->client, b->now) ? 1 : 0;
}

}  // namespace

std::optional<DtlsCookies> DtlsCookies::with_random_secret() {
    Secret s{};
    if (RAND_bytes(s.data(), static_cast<int>(s.size())) != 1) return std::nullopt;
    return DtlsCookies(s);
}

DtlsCookies::Mac DtlsCookies::mac(std::int64_t epoch, const proto::TransportAddress& client) const {
    const auto e = big_endian(static_cast<std::uint64_t>(epoch));
    const proto::Digest key = proto::hmac(proto::HashAlgorithm::Sha256, master_, {e});
    const std::array<std::uint8_t, 3> family_port = {static_cast<std::uint8_t>(client.family),
                                                     static_cast<std::uint8_t>(client.port >> 8),
                                                     static_cast<std::uint8_t>(client.port)};
    const std::span<const std::uint8_t> ip(client.ip.data(), client.ip_size());
    const proto::Digest d = proto::hmac(proto::HashAlgorithm::Sha256, key.view(), {family_port, ip});
    Mac out{};
    std::copy_n(d.bytes.begin(), out.size(), out.begin());
    return out;
}

DtlsCookies::Cookie DtlsCookies::make(const proto::TransportAddress& client, std::int64_t now) const {
    const std::int64_t epoch = epoch_of(now);
    Cookie c{};
    c[0] = static_cast<std::uint8_t>(epoch);
    const Mac m = mac(epoch, client);
    std::copy(m.begin(), m.end(), c.begin() + 1);
    return c;
}

bool DtlsCookies::check(std::span<const std::uint8_t> cookie, const proto::TransportAddress& client,
                        std::int64_t now) const {
    if (cookie.size() != kSize) return false;
    // The epoch byte names the current or the previous epoch; anything else
    // is older (or forged) and is refused without computing a MAC.
    const std::int64_t current = epoch_of(now);
    std::int64_t epoch = current;
    if (cookie[0] != static_cast<std::uint8_t>(current)) {
        epoch = current - 1;
        if (epoch < 0 || cookie[0] != static_cast<std::uint8_t>(epoch)) return false;
    }
    const Mac expected = mac(epoch, client);
    return proto::equal_constant_time(expected, cookie.subspan(1));
}

void install_cookie_callbacks(SSL_CTX* ctx) {
    SSL_CTX_set_cookie_generate_cb(ctx, &generate_cookie);
    SSL_CTX_set_cookie_verify_cb(ctx, &verify_cookie);
}

}  // namespace turn::server
