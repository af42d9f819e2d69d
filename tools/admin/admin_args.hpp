// turnadmin's command line, with coturn's commands and flags (coturn's
// README.turnadmin): exactly one command, and the options it needs.
//
//   short forms take the value as the next word or attached (-u alice, -ualice);
//   long forms take it after '=' or as the next word (--user=alice, --user alice).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "protocol/result.hpp"
#include "server/usage.hpp"

namespace turn::admin {

enum class Command : std::uint8_t {
    None,
    Help,               // -h
    EncryptPassword,    // -P
    Key,                // -k
    AddUser,            // -a
    DeleteUser,         // -d
    ListUsers,          // -l
    AddAdmin,           // -A
    DeleteAdmin,        // -D
    ListAdmins,         // -L
    SetSecret,          // -s <secret>
    ShowSecrets,        // -S
    DeleteSecret,       // -X <secret>
    DeleteAllSecrets,   // --delete-all-secrets
    AddOrigin,          // -O
    DeleteOrigin,       // -R
    ListOrigins,        // -I
    SetRealmOption,     // -g
    ListRealmOptions,   // -G
    // RFC 7635 AS-RS keys (oauth_key): ours, as coturn's turnadmin has no
    // command for them; the key options are named as coturn's turnutils_oauth
    // names them.
    AddOAuthKey,        // --add-oauth-key
    DeleteOAuthKey,     // --delete-oauth-key
    ListOAuthKeys,      // --list-oauth-keys
};

struct AdminArgs {
    Command command = Command::None;
    std::optional<std::string> db;  // -b, --db, --userdb
    std::optional<std::string> user;
    std::optional<std::string> realm;
    std::optional<std::string> password;
    std::optional<std::string> origin;
    std::optional<std::string> secret;  // the value of -s / -X
    std::optional<std::uint64_t> max_bps;
    std::optional<std::uint64_t> total_quota;
    std::optional<std::uint64_t> user_quota;
    std::optional<std::string> auth_key_id;       // --auth-key-id: the kid
    std::optional<std::string> auth_key;          // --auth-key: base64 key material (ikm_key)
    std::optional<std::string> auth_key_alg;      // --auth-key-as-rs-alg (default A256GCM)
    std::optional<std::uint64_t> auth_key_timestamp;
    std::optional<std::uint64_t> auth_key_lifetime;
};

enum class ArgErrorCode : std::uint8_t {
    UnknownOption,
    MissingValue,     // an option that needs a value came last
    UnexpectedValue,  // --flag=value on a flag
    TwoCommands,
    NoCommand,
    BadNumber,        // --max-bps, the quotas and the key times take a decimal number
    Unsupported,      // coturn options for databases or features we do not have
    StrayArgument,    // a word that is no option
};

struct ArgError {
    ArgErrorCode code;
    std::string option;  // as written on the command line
    std::string message() const;
};

Result<AdminArgs, ArgError> parse_admin_args(std::span<const std::string_view> args);

// --help, and the man page (tools/docgen), from the table the parser reads.
usage::Usage admin_usage();

}  // namespace turn::admin
