#include "auth/static_users.hpp"

#include "auth/bytes.hpp"

namespace turn::auth {
namespace {

constexpr std::string_view kHexKeyPrefix = "0x";
constexpr std::size_t kMd5KeySize = 16;

Result<proto::LongTermKey, StaticUserError> key_from_hex(std::string_view hex) {
    proto::LongTermKey key;
    key.size = kMd5KeySize;
    if (!hex_decode(hex, std::span(key.bytes).first(kMd5KeySize))) return unexpected(StaticUserError::InvalidHexKey);
    return key;
}

}  // namespace

std::string_view static_user_error_name(StaticUserError e) {
    switch (e) {
        case StaticUserError::MissingSeparator: return "expected name:password";
        case StaticUserError::InvalidName: return "invalid user name";
        case StaticUserError::InvalidPassword: return "invalid password";
        case StaticUserError::InvalidHexKey: return "0x key must be 32 hex digits";
        case StaticUserError::DuplicateName: return "user defined twice";
    }
    return "invalid user";
}

Result<StaticUser, StaticUserError> parse_static_user(std::string_view entry, std::string_view realm) {
    const auto sep = entry.find(':');
    if (sep == std::string_view::npos) return unexpected(StaticUserError::MissingSeparator);
    const std::string_view name = entry.substr(0, sep);
    const std::string_view secret = entry.substr(sep + 1);
    if (!proto::check_credential_text(name)) return unexpected(StaticUserError::InvalidName);

    if (secret.starts_with(kHexKeyPrefix)) {
        auto key = key_from_hex(secret.substr(kHexKeyPrefix.size()));
        if (!key) return unexpected(key.error());
        return StaticUser{std::string(name), *key, std::nullopt};
    }
    if (!proto::check_credential_text(secret)) return unexpected(StaticUserError::InvalidPassword);
    using proto::PasswordAlgorithmId;
    return StaticUser{std::string(name), proto::derive_long_term_key(PasswordAlgorithmId::Md5, name, realm, secret),
                      proto::derive_long_term_key(PasswordAlgorithmId::Sha256, name, realm, secret)};
}

Result<void, StaticUserError> StaticUsers::add(StaticUser user, std::string_view realm) {
    const auto [it, inserted] = users_.try_emplace(std::move(user.name), Keys{user.key, user.sha256_key});
    if (!inserted) return unexpected(StaticUserError::DuplicateName);
    userhashes_.add(it->first, realm);
    if (!user.sha256_key) ++md5_only_;
    return {};
}

std::optional<proto::LongTermKey> StaticUsers::find(std::string_view name, proto::PasswordAlgorithmId alg) const {
    const auto it = users_.find(name);
    if (it == users_.end()) return std::nullopt;
    if (alg == proto::PasswordAlgorithmId::Sha256) return it->second.sha256;
    return it->second.md5;
}

Result<StaticUsers, StaticUsersLoadError> load_static_users(std::span<const std::string> entries,
                                                            std::string_view realm) {
    StaticUsers users;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        auto user = parse_static_user(entries[i], realm);
        if (!user) return unexpected(StaticUsersLoadError{i, user.error()});
        if (auto added = users.add(std::move(*user), realm); !added)
            return unexpected(StaticUsersLoadError{i, added.error()});
    }
    return users;
}

}  // namespace turn::auth
