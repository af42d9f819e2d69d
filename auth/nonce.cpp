#include "auth/nonce.hpp"

#include <algorithm>

#include "auth/bytes.hpp"
#include "protocol/digest.hpp"

namespace turn::auth {
namespace {

constexpr std::size_t kTimeBytes = 8;

std::array<std::uint8_t, 8> big_endian(std::uint64_t v) {
    std::array<std::uint8_t, 8> b{};
    for (std::size_t i = 0; i < b.size(); ++i) b[i] = static_cast<std::uint8_t>(v >> (8 * (b.size() - 1 - i)));
    return b;
}

std::uint64_t from_big_endian(std::span<const std::uint8_t, 8> b) {
    std::uint64_t v = 0;
    for (auto byte : b) v = (v << 8) | byte;
    return v;
}

bool is_lower_hex(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace

std::string_view nonce_status_name(NonceStatus s) {
    switch (s) {
        case NonceStatus::Valid: return "valid";
        case NonceStatus::Stale: return "stale";
        case NonceStatus::Invalid: return "invalid";
    }
    return "invalid";
}

NonceIssuer::NonceIssuer(const MasterSecret& master, std::int64_t lifetime_seconds)
    : master_(master),
      lifetime_(std::max<std::int64_t>(lifetime_seconds, 1)),
      rotation_period_(std::max(lifetime_, kMinRotationPeriod)) {}

NonceIssuer::Mac NonceIssuer::mac(const ChallengeOffer& offer, std::int64_t issued_at,
                                  const proto::TransportAddress& client) const {
    // The key depends only on the epoch, so it rotates with no shared mutable
    // state, and a leaked epoch key says nothing about other epochs.
    const auto epoch = big_endian(static_cast<std::uint64_t>(issued_at / rotation_period_));
    const proto::Digest key = proto::hmac(proto::HashAlgorithm::Sha256, master_, {epoch});

    const auto features = feature_bytes(offer.features);
    const auto time = big_endian(static_cast<std::uint64_t>(issued_at));
    const std::array<std::uint8_t, 1> algorithms = {static_cast<std::uint8_t>(offer.algorithms)};
    const std::array<std::uint8_t, 3> family_port = {static_cast<std::uint8_t>(client.family),
                                                     static_cast<std::uint8_t>(client.port >> 8),
                                                     static_cast<std::uint8_t>(client.port)};
    const std::span<const std::uint8_t> ip(client.ip.data(), client.ip_size());
    const proto::Digest d =
        proto::hmac(proto::HashAlgorithm::Sha256, key.view(), {features, time, algorithms, family_port, ip});

    Mac out{};
    std::copy_n(d.bytes.begin(), out.size(), out.begin());
    return out;
}

std::string NonceIssuer::issue(const proto::TransportAddress& client, std::int64_t now,
                               const ChallengeOffer& offer) const {
    now = std::max<std::int64_t>(now, 0);
    const auto time = big_endian(static_cast<std::uint64_t>(now));
    const std::array<std::uint8_t, 1> algorithms = {static_cast<std::uint8_t>(offer.algorithms)};
    return nonce_cookie(offer.features) + hex_encode(time) + hex_encode(algorithms) + hex_encode(mac(offer, now, client));
}

std::optional<NonceIssuer::Fields> NonceIssuer::parse(std::string_view nonce) {
    // Only what issue() writes: exact length, the cookie, then lowercase hex,
    // so each nonce has one spelling.
    if (nonce.size() != kNonceLength) return std::nullopt;
    const auto features = nonce_cookie_features(nonce);
    const std::string_view hex = nonce.substr(kNonceCookieLength);
    if (!features || nonce_cookie(*features) != nonce.substr(0, kNonceCookieLength) || !is_lower_hex(hex))
        return std::nullopt;
    std::array<std::uint8_t, kTimeBytes> time{};
    std::array<std::uint8_t, 1> algorithms{};
    Fields f;
    if (!hex_decode(hex.substr(0, 2 * kTimeBytes), time) || !hex_decode(hex.substr(2 * kTimeBytes, 2), algorithms) ||
        !hex_decode(hex.substr(2 * kTimeBytes + 2), f.mac))
        return std::nullopt;
    if (algorithms[0] == 0 || algorithms[0] > kMaxAlgorithmOffer) return std::nullopt;
    // issue() never writes a time with the top bit set.
    const std::uint64_t raw = from_big_endian(time);
    if (raw > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
    f.offer = {*features, static_cast<AlgorithmOffer>(algorithms[0])};
    f.issued_at = static_cast<std::int64_t>(raw);
    return f;
}

std::optional<ChallengeOffer> NonceIssuer::offer_of(std::string_view nonce) {
    const auto f = parse(nonce);
    if (!f) return std::nullopt;
    return f->offer;
}

NonceStatus NonceIssuer::check(std::string_view nonce, const proto::TransportAddress& client,
                               std::int64_t now) const {
    const auto f = parse(nonce);
    if (!f) return NonceStatus::Invalid;
    now = std::max<std::int64_t>(now, 0);
    // Both times are non-negative, so the subtractions below cannot overflow.
    if (f->issued_at > now && f->issued_at - now > kAllowedFutureSkew) return NonceStatus::Invalid;

    // Keys exist for the current and the previous epoch only. Since the rotation
    // period is at least the lifetime, every nonce still within its lifetime is
    // from one of them; an older nonce outlived any allocation (whose lifetime
    // is at most an hour, RFC 8656 §7.2, the least rotation period), and is
    // refused outright as unverifiable.
    const std::int64_t epoch_age = now / rotation_period_ - f->issued_at / rotation_period_;
    if (epoch_age > 1) return NonceStatus::Invalid;

    const Mac expected = mac(f->offer, f->issued_at, client);
    if (!proto::equal_constant_time(expected, f->mac)) return NonceStatus::Invalid;
    // Authentic but past its lifetime: 438 Stale Nonce, and the client retries
    // at once with the fresh nonce of that response (RFC 8489 §9.2.4).
    return now - f->issued_at > lifetime_ ? NonceStatus::Stale : NonceStatus::Valid;
}

}  // namespace turn::auth
