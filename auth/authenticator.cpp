#include "auth/authenticator.hpp"

namespace turn::auth {

std::string_view auth_config_error_name(AuthConfigError e) {
    switch (e) {
        case AuthConfigError::InvalidRealm: return "invalid realm";
        case AuthConfigError::EmptySecret: return "empty static-auth-secret";
        case AuthConfigError::TooManySecrets: return "too many static-auth-secret values";
    }
    return "invalid auth configuration";
}

Result<Authenticator, AuthConfigError> Authenticator::create(AuthConfig config) {
    if (!proto::check_credential_text(config.realm)) return unexpected(AuthConfigError::InvalidRealm);
    if (config.rest_secrets.size() > kMaxRestSecrets) return unexpected(AuthConfigError::TooManySecrets);
    for (const auto& s : config.rest_secrets)
        if (s.empty()) return unexpected(AuthConfigError::EmptySecret);
    return Authenticator(std::move(config));
}

std::shared_ptr<const DbCredentials> Authenticator::db_view() const {
    if (!config_.db || config_.db->unavailable()) return nullptr;
    return config_.db->current();
}

CandidateKeys Authenticator::candidate_keys(std::string_view username, std::int64_t now,
                                            proto::PasswordAlgorithmId alg) const {
    CandidateKeys keys;
    const auto db = db_view();
    const bool md5 = alg == proto::PasswordAlgorithmId::Md5;
    // A static user shadows a database user of the same name, as the config
    // file is the operator's last word.
    if (config_.static_users.contains(username)) {
        if (const auto key = config_.static_users.find(username, alg)) keys.push_back(*key);
    } else if (db && md5) {
        if (const auto it = db->users.find(username); it != db->users.end()) keys.push_back(it->second);
    }
    if (config_.use_auth_secret) add_rest_keys(username, now, alg, db.get(), keys);
    return keys;
}

std::optional<std::string> Authenticator::user_by_userhash(std::span<const std::uint8_t> userhash) const {
    // Static users first: they shadow database users of the same name (and hash).
    if (const auto name = config_.static_users.name_of(userhash)) return std::string(*name);
    if (const auto db = db_view())
        if (const auto name = db->userhashes.find(userhash)) return std::string(*name);
    // REST API usernames ("expiry:user") are minted by a web service and
    // stored nowhere here: finding the one a USERHASH stands for would mean
    // hashing every expiry time with every user. Such a USERHASH names
    // nobody, and the request gets 401 (RFC 8489 §9.2.4); challenge_offer()
    // does not ask for username anonymity while REST is on.
    return std::nullopt;
}

ChallengeOffer Authenticator::challenge_offer() const {
    std::uint32_t bits = SecurityFeatures::kPasswordAlgorithms;
    if (!config_.use_auth_secret) bits |= SecurityFeatures::kUsernameAnonymity;
    return {SecurityFeatures{bits}, algorithm_offer()};
}

AlgorithmOffer Authenticator::algorithm_offer() const {
    const auto& users = config_.static_users;
    const bool sha256_capable = users.has_sha256_keys() || config_.use_auth_secret;
    // A database not read yet (or unreadable) may hold users: assume it does.
    const auto db = db_view();
    const bool db_users = config_.db && (!db || !db->users.empty());
    const bool md5_only_users = users.has_md5_only_users() || db_users;
    if (!sha256_capable) return AlgorithmOffer::Md5Only;
    return md5_only_users ? AlgorithmOffer::Md5First : AlgorithmOffer::Sha256First;
}

std::string_view Authenticator::quota_name(std::string_view username) const {
    if (!config_.use_auth_secret) return username;
    const auto parsed = parse_rest_username(username, config_.rest_separator);
    if (!parsed || parsed->user.empty()) return username;
    return parsed->user;
}

void Authenticator::add_rest_keys(std::string_view username, std::int64_t now, proto::PasswordAlgorithmId alg,
                                  const DbCredentials* db, CandidateKeys& keys) const {
    const auto parsed = parse_rest_username(username, config_.rest_separator);
    // The username is valid up to and including its expiry second.
    if (!parsed || parsed->expiry < now) return;
    auto add = [&](const std::string& secret) {
        if (keys.full()) return;
        const std::string password = rest_password(secret, username);
        keys.push_back(proto::derive_long_term_key(alg, username, config_.realm, password));
    };
    for (const auto& secret : config_.rest_secrets) add(secret);
    if (db)
        for (const auto& secret : db->secrets) add(secret);
}

}  // namespace turn::auth
