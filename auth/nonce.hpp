// Stateless nonces for the long-term credential mechanism (RFC 8489 §9.2.3,
// RFC 8656 §7.2): the server keeps nothing per client before authentication,
// so a flood of spoofed requests costs only CPU (DESIGN.md "Threads and state").
//
// A nonce is 63 characters:
//
//   +---------------+--------------------+-------------+--------------------------+
//   | nonce cookie  | issue time         | offer       | MAC                      |
//   | obMatJos2XXXX | 8 bytes BE, 16 hex | 1 byte, 2   | 16 bytes, 32 hex digits  |
//   | (13 chars)    | digits             | hex digits  |                          |
//   +---------------+--------------------+-------------+--------------------------+
//
// MAC = HMAC-SHA256(epoch key, features | time | offer | client address),
// truncated to 16 bytes; epoch key = HMAC-SHA256(master secret, epoch),
// epoch = time / rotation period, rotation period = max(1 hour, nonce
// lifetime). Only the current and the previous epoch's keys are accepted, so
// a nonce never outlives two periods.
// The MAC binds the nonce to the client's IP and port, so a nonce seen on
// the wire is useless from elsewhere; and it covers the cookie's security
// features and the number of the PASSWORD-ALGORITHMS list sent with the
// nonce (challenge_offer.hpp), so an attacker who rewrites either to bid a
// client down (RFC 8489 §9.2.1) turns the nonce invalid. The issue time and
// the offer travel in clear: they are not secret, and the MAC covers them.
//
// Cookie, then lowercase hex only: a NONCE is quoted-text of at most 128
// characters (RFC 8489 §14.10), and the cookie must come first (§9.2).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "auth/challenge_offer.hpp"
#include "protocol/transport_address.hpp"

namespace turn::auth {

enum class NonceStatus : std::uint8_t {
    Valid,
    Stale,    // authentic, but older than the lifetime: answer 438 Stale Nonce (RFC 8489 §9.2.4)
    Invalid,  // malformed, forged, from the future, or issued to another client address
};

std::string_view nonce_status_name(NonceStatus s);

class NonceIssuer {
public:
    static constexpr std::size_t kNonceLength = kNonceCookieLength + 16 + 2 + 32;
    static constexpr std::int64_t kMinRotationPeriod = 3600;
    // Clocks of the machines (or threads) that issue and check may differ a little.
    static constexpr std::int64_t kAllowedFutureSkew = 5;

    using MasterSecret = std::array<std::uint8_t, 32>;

    // `master` comes from RAND_bytes at start-up; a restart with a new one makes
    // every old nonce Invalid, and clients just retry with the new nonce.
    // A lifetime below 1 second is taken as 1.
    NonceIssuer(const MasterSecret& master, std::int64_t lifetime_seconds);

    // `now` is seconds since the epoch, here and in check(); a negative `now`
    // is taken as 0.
    std::string issue(const proto::TransportAddress& client, std::int64_t now, const ChallengeOffer& offer) const;

    // Any input is safe: wrong length, non-hex, NUL bytes all give Invalid.
    // The MAC is compared in constant time.
    NonceStatus check(std::string_view nonce, const proto::TransportAddress& client, std::int64_t now) const;

    // What a nonce in this format says it was issued with, read without
    // checking its MAC: for RFC 8489 §9.2.4's PASSWORD-ALGORITHMS checks,
    // which come before the nonce's own check. Their outcome only counts
    // once check() passes too (for a ConnectionBind, on the allocation's
    // thread), and the MAC covers the offer. nullopt: not in this format.
    static std::optional<ChallengeOffer> offer_of(std::string_view nonce);

    std::int64_t lifetime() const { return lifetime_; }
    std::int64_t rotation_period() const { return rotation_period_; }

private:
    using Mac = std::array<std::uint8_t, 16>;
    struct Fields {
        ChallengeOffer offer;
        std::int64_t issued_at = 0;
        Mac mac{};
    };
    static std::optional<Fields> parse(std::string_view nonce);
    Mac mac(const ChallengeOffer& offer, std::int64_t issued_at, const proto::TransportAddress& client) const;

    MasterSecret master_;
    std::int64_t lifetime_;
    std::int64_t rotation_period_;
};

}  // namespace turn::auth
