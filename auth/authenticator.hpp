// Which long-term keys may have signed a request (RFC 8489 §9.2), from the
// static users and the TURN REST API shared secrets of one realm, and from
// the user database (turnusers_lt, turn_secret) as its auth thread last read it.
//
// This file knows nothing of STUN messages, on purpose: the server takes
// USERNAME from the request, asks candidate_keys() for the keys, and checks
// MESSAGE-INTEGRITY(-SHA256) itself with proto::verify_integrity against each
// one (RFC 8489 §9.2.4); no key matching means 401. Nonce checks are
// NonceIssuer's job, also called by the server.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <memory>

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

    // The MD5 keys (RFC 8489 §9.2.2) the request's MESSAGE-INTEGRITY may be
    // checked with, `now` in seconds since the epoch:
    //  - the static user's key, if `username` is one; otherwise the
    //    database user's stored key, if it is one there;
    //  - with use_auth_secret, for a well-formed REST username whose expiry is
    //    not before `now`, MD5(username:realm:rest_password(secret, username))
    //    for each secret, configured ones first, then the database's, as many
    //    as CandidateKeys holds.
    // Empty when none applies: unknown user, malformed or expired REST username.
    CandidateKeys candidate_keys(std::string_view username, std::int64_t now) const;

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
    void add_rest_keys(std::string_view username, std::int64_t now, const DbCredentials* db,
                       CandidateKeys& keys) const;
    // The database's last good read, or null if there is none or it is unavailable.
    std::shared_ptr<const DbCredentials> db_view() const;

    AuthConfig config_;
};

}  // namespace turn::auth
