// Which long-term keys may have signed a request (RFC 8489 §9.2), from the
// static users and the TURN REST API shared secrets of one realm, and from
// the user database (turnusers_lt, turn_secret) as its auth thread last read it.
//
// This file knows nothing of STUN messages, on purpose: the server takes
// USERNAME from the request (or the name user_by_userhash() finds for its
// USERHASH), asks candidate_keys() for the keys of the negotiated
// PASSWORD-ALGORITHM, and checks MESSAGE-INTEGRITY(-SHA256) itself with
// proto::verify_integrity against each one (RFC 8489 §9.2.4); no key matching
// means 401. Nonce checks are NonceIssuer's job, also called by the server;
// what goes into a nonce comes from challenge_offer().
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <memory>

#include "auth/challenge_offer.hpp"
#include "auth/db_credentials.hpp"
#include "auth/rest_api.hpp"
#include "auth/static_users.hpp"
#include "protocol/credentials.hpp"
#include "protocol/fixed_vector.hpp"
#include "protocol/result.hpp"

namespace turn::auth {

using CandidateKeys = FixedVector<proto::LongTermKey, 8>;

struct AuthConfig {
    std::string realm;
    StaticUsers static_users;
    // coturn's static-auth-secret, which may be given several times: a request
    // is accepted if it was signed with the password of any of them, so a
    // secret can be rotated without cutting off credentials already handed out.
    std::vector<std::string> rest_secrets;
    bool use_auth_secret = false;  // coturn's use-auth-secret: the REST API is on
    char rest_separator = kDefaultRestSeparator;
    // The database's users and secrets, combined with the above; null when
    // there is no database.
    std::shared_ptr<const DbCredentialSource> db;
};

enum class AuthConfigError : std::uint8_t {
    InvalidRealm,    // fails proto::check_credential_text
    EmptySecret,
    TooManySecrets,  // more than kMaxRestSecrets
};

std::string_view auth_config_error_name(AuthConfigError e);

class Authenticator {
public:
    // One slot of CandidateKeys is kept for a static user of the same name.
    static constexpr std::size_t kMaxRestSecrets = CandidateKeys::kCapacity - 1;

    static Result<Authenticator, AuthConfigError> create(AuthConfig config);

    // The keys of algorithm `alg` (RFC 8489 §9.2.2, §18.5.1) the request's
    // MESSAGE-INTEGRITY(-SHA256) may be checked with, `now` in seconds since
    // the epoch:
    //  - the static user's key, if `username` is one; otherwise the
    //    database user's stored key, if it is one there (MD5 only: the
    //    schema stores no other);
    //  - with use_auth_secret, for a well-formed REST username whose expiry is
    //    not before `now`, H(username:realm:rest_password(secret, username))
    //    for each secret, configured ones first, then the database's, as many
    //    as CandidateKeys holds.
    // Empty when none applies: unknown user, malformed or expired REST
    // username, a user whose only stored key is MD5 asked for SHA-256.
    CandidateKeys candidate_keys(std::string_view username, std::int64_t now,
                                 proto::PasswordAlgorithmId alg = proto::PasswordAlgorithmId::Md5) const;

    // The static or database user a USERHASH (RFC 8489 §14.4) stands for;
    // nullopt when it names nobody. A copy: the database's names live in a
    // snapshot the auth thread may replace at any time.
    std::optional<std::string> user_by_userhash(std::span<const std::uint8_t> userhash) const;

    // What a 401 or 438 offers (RFC 8489 §9.2.4): only what every credential
    // can be used with. PASSWORD-ALGORITHMS lists SHA-256 only if some user
    // can make a SHA-256 key (a password, or REST), and MD5 first when some
    // can make only MD5 (a hex key, a database user), since clients take the
    // first algorithm they support (§9.2.5). Username anonymity is offered
    // only without REST credentials, which USERHASH cannot name.
    ChallengeOffer challenge_offer() const;

    // The name user-quota counts allocations under, as coturn's
    // get_real_username: with use_auth_secret, the user of a REST username
    // (`expiry:user` -> `user`), so usernames with fresh expiry times cannot
    // evade the quota; otherwise, or without a user part, the username itself.
    // A view into `username`.
    std::string_view quota_name(std::string_view username) const;

    const std::string& realm() const { return config_.realm; }

    // The database is configured but cannot be read right now: a request no
    // key verified deserves 500 (RFC 8489 §14.8), not a misleading 401.
    bool db_unavailable() const { return config_.db && config_.db->unavailable(); }

private:
    explicit Authenticator(AuthConfig config) : config_(std::move(config)) {}
    void add_rest_keys(std::string_view username, std::int64_t now, proto::PasswordAlgorithmId alg,
                       const DbCredentials* db, CandidateKeys& keys) const;
    AlgorithmOffer algorithm_offer() const;
    // The database's last good read, or null if there is none or it is unavailable.
    std::shared_ptr<const DbCredentials> db_view() const;

    AuthConfig config_;
};

}  // namespace turn::auth
