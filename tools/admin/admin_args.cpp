#include "admin_args.hpp"

#include <array>

#include "auth/bytes.hpp"

namespace turn::admin {
namespace {

enum class Field : std::uint8_t {
    None, Db, User, Realm, Password, Origin, Secret, MaxBps, TotalQuota, UserQuota,
    KeyId, Key, KeyAlg, KeyTimestamp, KeyLifetime,
};

struct OptionDef {
    char short_name;         // 0: long form only
    std::string_view names;  // long names, separated by '|'
    bool takes_value;
    Command command;  // Command::None for a plain option
    Field field;      // where the value goes
    bool unsupported = false;
};

constexpr std::array<OptionDef, 38> kOptions{{
    {'h', "help", false, Command::Help, Field::None},
    {'P', "generate-encrypted-password", false, Command::EncryptPassword, Field::None},
    {'k', "key", false, Command::Key, Field::None},
    {'a', "add", false, Command::AddUser, Field::None},
    {'d', "delete", false, Command::DeleteUser, Field::None},
    {'l', "list", false, Command::ListUsers, Field::None},
    {'A', "add-admin", false, Command::AddAdmin, Field::None},
    {'D', "delete-admin", false, Command::DeleteAdmin, Field::None},
    {'L', "list-admin", false, Command::ListAdmins, Field::None},
    {'s', "set-secret", true, Command::SetSecret, Field::Secret},
    {'S', "show-secret", false, Command::ShowSecrets, Field::None},
    {'X', "delete-secret", true, Command::DeleteSecret, Field::Secret},
    {0, "delete-all-secrets|delete-all_secrets", false, Command::DeleteAllSecrets, Field::None},
    {'O', "add-origin", false, Command::AddOrigin, Field::None},
    {'R', "del-origin", false, Command::DeleteOrigin, Field::None},
    {'I', "list-origins", false, Command::ListOrigins, Field::None},
    {'g', "set-realm-option", false, Command::SetRealmOption, Field::None},
    {'G', "list-realm-options", false, Command::ListRealmOptions, Field::None},
    {'b', "db|userdb", true, Command::None, Field::Db},
    {'u', "user", true, Command::None, Field::User},
    {'r', "realm", true, Command::None, Field::Realm},
    {'p', "password", true, Command::None, Field::Password},
    {'o', "origin", true, Command::None, Field::Origin},
    {0, "max-bps", true, Command::None, Field::MaxBps},
    {0, "total-quota", true, Command::None, Field::TotalQuota},
    {0, "user-quota", true, Command::None, Field::UserQuota},
    {0, "add-oauth-key", false, Command::AddOAuthKey, Field::None},
    {0, "delete-oauth-key", false, Command::DeleteOAuthKey, Field::None},
    {0, "list-oauth-keys", false, Command::ListOAuthKeys, Field::None},
    {0, "auth-key-id", true, Command::None, Field::KeyId},
    {0, "auth-key", true, Command::None, Field::Key},
    {0, "auth-key-as-rs-alg", true, Command::None, Field::KeyAlg},
    {0, "auth-key-timestamp", true, Command::None, Field::KeyTimestamp},
    {0, "auth-key-lifetime", true, Command::None, Field::KeyLifetime},
    // coturn's other databases and its AES password commands: refused by
    // name, so the operator learns why rather than "unknown option".
    {'e', "psql-userdb|sql-userdb", true, Command::None, Field::None, true},
    {'M', "mysql-userdb", true, Command::None, Field::None, true},
    {'N', "redis-userdb", true, Command::None, Field::None, true},
    {'E', "generate-encrypted-password-aes", false, Command::None, Field::None, true},
}};

bool has_long_name(const OptionDef& d, std::string_view name) {
    std::string_view names = d.names;
    while (!names.empty()) {
        const auto bar = names.find('|');
        if (names.substr(0, bar) == name) return true;
        if (bar == std::string_view::npos) break;
        names.remove_prefix(bar + 1);
    }
    return false;
}

const OptionDef* find_short(char c) {
    for (const auto& d : kOptions)
        if (d.short_name == c) return &d;
    return nullptr;
}

const OptionDef* find_long(std::string_view name) {
    for (const auto& d : kOptions)
        if (has_long_name(d, name)) return &d;
    return nullptr;
}

std::optional<ArgError> store(AdminArgs& a, const OptionDef& d, std::string_view written, std::string_view value) {
    auto number = [&](std::optional<std::uint64_t>& out) -> std::optional<ArgError> {
        out = auth::parse_decimal(value);
        if (!out) return ArgError{ArgErrorCode::BadNumber, std::string(written)};
        return std::nullopt;
    };
    switch (d.field) {
        case Field::None: return std::nullopt;
        case Field::Db: a.db = std::string(value); return std::nullopt;
        case Field::User: a.user = std::string(value); return std::nullopt;
        case Field::Realm: a.realm = std::string(value); return std::nullopt;
        case Field::Password: a.password = std::string(value); return std::nullopt;
        case Field::Origin: a.origin = std::string(value); return std::nullopt;
        case Field::Secret: a.secret = std::string(value); return std::nullopt;
        case Field::MaxBps: return number(a.max_bps);
        case Field::TotalQuota: return number(a.total_quota);
        case Field::UserQuota: return number(a.user_quota);
        case Field::KeyId: a.auth_key_id = std::string(value); return std::nullopt;
        case Field::Key: a.auth_key = std::string(value); return std::nullopt;
        case Field::KeyAlg: a.auth_key_alg = std::string(value); return std::nullopt;
        case Field::KeyTimestamp: return number(a.auth_key_timestamp);
        case Field::KeyLifetime: return number(a.auth_key_lifetime);
    }
    return std::nullopt;
}

std::optional<ArgError> apply(AdminArgs& a, const OptionDef& d, std::string_view written, std::string_view value) {
    if (d.unsupported) return ArgError{ArgErrorCode::Unsupported, std::string(written)};
    if (d.command != Command::None) {
        if (a.command != Command::None && a.command != d.command)
            return ArgError{ArgErrorCode::TwoCommands, std::string(written)};
        a.command = d.command;
    }
    return store(a, d, written, value);
}

}  // namespace

std::string ArgError::message() const {
    switch (code) {
        case ArgErrorCode::UnknownOption: return "unknown option " + option;
        case ArgErrorCode::MissingValue: return "option " + option + " needs a value";
        case ArgErrorCode::UnexpectedValue: return "option " + option + " takes no value";
        case ArgErrorCode::TwoCommands: return "only one command at a time (" + option + " is a second one)";
        case ArgErrorCode::NoCommand: return "no command given";
        case ArgErrorCode::BadNumber: return "option " + option + " needs a decimal number";
        case ArgErrorCode::Unsupported: return "option " + option + " is not supported: only SQLite databases (-b)";
        case ArgErrorCode::StrayArgument: return "unexpected argument " + option;
    }
    return "invalid arguments";
}

Result<AdminArgs, ArgError> parse_admin_args(std::span<const std::string_view> args) {
    AdminArgs a;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view word = args[i];
        const OptionDef* d = nullptr;
        std::optional<std::string_view> value;
        if (word.starts_with("--") && word.size() > 2) {
            const auto eq = word.find('=');
            d = find_long(word.substr(2, eq == std::string_view::npos ? eq : eq - 2));
            if (eq != std::string_view::npos) value = word.substr(eq + 1);
        } else if (word.size() >= 2 && word[0] == '-') {
            d = find_short(word[1]);
            if (word.size() > 2) value = word.substr(2);
        } else {
            return unexpected(ArgError{ArgErrorCode::StrayArgument, std::string(word)});
        }
        if (!d) return unexpected(ArgError{ArgErrorCode::UnknownOption, std::string(word)});
        if (!d->takes_value && value) return unexpected(ArgError{ArgErrorCode::UnexpectedValue, std::string(word)});
        if (d->takes_value && !value) {
            if (i + 1 >= args.size()) return unexpected(ArgError{ArgErrorCode::MissingValue, std::string(word)});
            value = args[++i];
        }
        if (auto e = apply(a, *d, word, value.value_or(""))) return unexpected(*e);
    }
    if (a.command == Command::None) return unexpected(ArgError{ArgErrorCode::NoCommand, ""});
    return a;
}

}  // namespace turn::admin
