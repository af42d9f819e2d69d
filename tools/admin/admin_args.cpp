#include "admin_args.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include "auth/bytes.hpp"
#include "auth/turn_db.hpp"

namespace turn::admin {
namespace {

enum class Field : std::uint8_t {
    None, Db, User, Realm, Password, Origin, Secret, MaxBps, TotalQuota, UserQuota,
    KeyId, Key, KeyAlg, KeyTimestamp, KeyLifetime,
};

// One row: what the parser reads and what --help (and the man page) says.
struct OptionDef {
    char short_name;         // 0: long form only
    std::string_view names;  // long names, separated by '|'
    std::string_view value;  // the value's name in --help; empty: a flag
    Command command;  // Command::None for a plain option
    Field field;      // where the value goes
    std::string_view help;
    bool unsupported = false;
};

constexpr std::array<OptionDef, 38> kOptions{{
    {'h', "help", "", Command::Help, Field::None, "print this help"},
    {'P', "generate-encrypted-password", "", Command::EncryptPassword, Field::None,
     "print the $5$ form of -p, for admin users and admin-password-hash"},
    {'k', "key", "", Command::Key, Field::None, "print the long-term key of -u, -r, -p"},
    {'a', "add", "", Command::AddUser, Field::None, "add or update a long-term user (-u, -r, -p)"},
    {'d', "delete", "", Command::DeleteUser, Field::None, "delete a long-term user (-u, -r)"},
    {'l', "list", "", Command::ListUsers, Field::None, "list long-term users (optional -r)"},
    {'A', "add-admin", "", Command::AddAdmin, Field::None, "add or update an admin user (-u, -p, optional -r)"},
    {'D', "delete-admin", "", Command::DeleteAdmin, Field::None, "delete an admin user (-u)"},
    {'L', "list-admin", "", Command::ListAdmins, Field::None, "list admin users"},
    {'s', "set-secret", "<secret>", Command::SetSecret, Field::Secret, "add a TURN REST API shared secret (-r)"},
    {'S', "show-secret", "", Command::ShowSecrets, Field::None, "list shared secrets (optional -r)"},
    {'X', "delete-secret", "<secret>", Command::DeleteSecret, Field::Secret, "delete a shared secret (-r)"},
    {0, "delete-all-secrets|delete-all_secrets", "", Command::DeleteAllSecrets, Field::None,
     "delete all shared secrets (optional -r)"},
    {'O', "add-origin", "", Command::AddOrigin, Field::None, "add an origin-to-realm relation (-o, -r)"},
    {'R', "del-origin", "", Command::DeleteOrigin, Field::None, "delete an origin-to-realm relation (-o)"},
    {'I', "list-origins", "", Command::ListOrigins, Field::None, "list origin-to-realm relations (optional -r)"},
    {'g', "set-realm-option", "", Command::SetRealmOption, Field::None,
     "set realm options (-r and --max-bps, --total-quota, --user-quota)"},
    {'G', "list-realm-options", "", Command::ListRealmOptions, Field::None, "list realm options (optional -r)"},
    {'b', "db|userdb", "<file>", Command::None, Field::Db, "the SQLite database; default: the first that exists of"},
    {'u', "user", "<name>", Command::None, Field::User, "user name"},
    {'r', "realm", "<realm>", Command::None, Field::Realm, "realm"},
    {'p', "password", "<password>", Command::None, Field::Password, "password"},
    {'o', "origin", "<origin>", Command::None, Field::Origin, "origin"},
    {0, "max-bps", "<number>", Command::None, Field::MaxBps, "the realm's max-bps (0 removes the option)"},
    {0, "total-quota", "<number>", Command::None, Field::TotalQuota, "the realm's total-quota (0 removes the option)"},
    {0, "user-quota", "<number>", Command::None, Field::UserQuota, "the realm's user-quota (0 removes the option)"},
    {0, "add-oauth-key", "", Command::AddOAuthKey, Field::None,
     "add or replace an RFC 7635 oauth key (--auth-key-id, --auth-key, optional --auth-key-as-rs-alg, "
     "--auth-key-timestamp, --auth-key-lifetime, -r)"},
    {0, "delete-oauth-key", "", Command::DeleteOAuthKey, Field::None, "delete an oauth key (--auth-key-id)"},
    {0, "list-oauth-keys", "", Command::ListOAuthKeys, Field::None, "list oauth keys"},
    {0, "auth-key-id", "<kid>", Command::None, Field::KeyId, "oauth key id (kid), the USERNAME of token requests"},
    {0, "auth-key", "<base64>", Command::None, Field::Key,
     "oauth key material, base64 (ikm_key): at least 32 bytes for A256GCM, 16 for A128GCM"},
    {0, "auth-key-as-rs-alg", "<alg>", Command::None, Field::KeyAlg, "A256GCM (default) or A128GCM"},
    {0, "auth-key-timestamp", "<seconds>", Command::None, Field::KeyTimestamp,
     "when the key starts, seconds since 1970 (default 0)"},
    {0, "auth-key-lifetime", "<seconds>", Command::None, Field::KeyLifetime,
     "seconds the key lasts from its timestamp (default 0: no end)"},
    // coturn's other databases and its AES password commands: refused by
    // name, so the operator learns why rather than "unknown option".
    {'e', "psql-userdb|sql-userdb", "<connection>", Command::None, Field::None, "coturn's PostgreSQL database", true},
    {'M', "mysql-userdb", "<connection>", Command::None, Field::None, "coturn's MySQL database", true},
    {'N', "redis-userdb", "<connection>", Command::None, Field::None, "coturn's Redis database", true},
    {'E', "generate-encrypted-password-aes", "", Command::None, Field::None, "coturn's AES-encrypted passwords",
     true},
}};

std::vector<std::string_view> long_names(const OptionDef& d) {
    std::vector<std::string_view> names;
    for (std::string_view rest = d.names; !rest.empty();) {
        const auto bar = rest.find('|');
        names.push_back(rest.substr(0, bar));
        rest = bar == std::string_view::npos ? std::string_view{} : rest.substr(bar + 1);
    }
    return names;
}

bool has_long_name(const OptionDef& d, std::string_view name) {
    const auto names = long_names(d);
    return std::find(names.begin(), names.end(), name) != names.end();
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

// "the first that exists of /var/db/turndb, ..." for -b: the places the
// tool really tries.
std::string help_of(const OptionDef& d) {
    std::string help(d.help);
    if (d.field != Field::Db) return help;
    for (std::size_t i = 0; i < std::size(auth::kDefaultDbPaths); ++i)
        help += std::string(i == 0 ? " " : ", ") + std::string(auth::kDefaultDbPaths[i]);
    return help;
}

usage::Entry entry(const OptionDef& d) {
    return {usage::option_term(d.short_name, long_names(d), d.value), help_of(d)};
}

}  // namespace

usage::Usage admin_usage() {
    usage::Usage u{"turnadmin",
                   {"<command> [options]"},
                   "Manages the users, TURN REST secrets, admin users, origins and realm options of the SQLite "
                   "user database turnserver reads, in coturn's schema and with coturn's flags. Give exactly "
                   "one command, and the options it names.",
                   {{"Commands", {}},
                    {"Options", {}},
                    {"Refused, with a message (only SQLite databases here)", {}}},
                   "0 done, 1 bad arguments, 2 database error, 3 no such entry."};
    for (const auto& d : kOptions) {
        const std::size_t section = d.unsupported ? 2 : d.command != Command::None ? 0 : 1;
        u.sections[section].entries.push_back(entry(d));
    }
    return u;
}

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
        if (d->value.empty() && value) return unexpected(ArgError{ArgErrorCode::UnexpectedValue, std::string(word)});
        if (!d->value.empty() && !value) {
            if (i + 1 >= args.size()) return unexpected(ArgError{ArgErrorCode::MissingValue, std::string(word)});
            value = args[++i];
        }
        if (auto e = apply(a, *d, word, value.value_or(""))) return unexpected(*e);
    }
    if (a.command == Command::None) return unexpected(ArgError{ArgErrorCode::NoCommand, ""});
    return a;
}

}  // namespace turn::admin
