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

CandidateKeys Authenticator::candidate_keys(std::string_view username, std::int64_t now) const {
    CandidateKeys keys;
    const auto db = db_view();
    // A static user shadows a database user of the same name, as the config
    // file is the operator's last word.
    if (const auto key = config_.static_users.find(username)) {
        keys.push_back(*key);
    } else if (db) {
        if (const auto it = db->users.find(username); it != db->users.end()) keys.push_back(it->second);
    }
    if (config_.use_auth_secret) add_rest_keys(username, now, db.get(), keys);
    return keys;
}

std::string_view Authenticator::quota_name(std::string_view username) const {
    if (!config_.use_auth_secret) return username;
    const auto parsed = parse_rest_username(username, config_.rest_separator);
    if (!parsed || parsed->user.empty()) return username;
    return parsed->user;
}

void Authenticator::add_rest_keys(std::string_view username, std::int64_t now, const DbCredentials* db,
                                  CandidateKeys& keys) const {
    const auto parsed = parse_rest_username(username, config_.rest_separator);
    // The username is valid up to and including its expiry second.
    if (!parsed || parsed->expiry < now) return;
    auto add = [&](const std::string& secret) {
        if (keys.full()) return;
        const std::string password = rest_password(secret, username);
        keys.push_back(proto::derive_long_term_key(proto::PasswordAlgorithmId::Md5, username, config_.realm, password));
    };
    for (const auto& secret : config_.rest_secrets) add(secret);
    if (db)
        for (const auto& secret : db->secrets) add(secret);
}

}  // namespace turn::auth
