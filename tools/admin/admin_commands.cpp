#include "admin_commands.hpp"

#include <algorithm>
#include <limits>
#include <ostream>

#include "auth/admin_password.hpp"
#include "auth/bytes.hpp"
#include "auth/oauth_key.hpp"
#include "auth/turn_db.hpp"
#include "protocol/credentials.hpp"

namespace turn::admin {
namespace {

// STUN's REALM is at most 127 characters (RFC 8489 §14.9); coturn's schema
// column is varchar(127).
constexpr std::size_t kMaxRealmBytes = 127;

struct Failure {
    ExitCode code;
    std::string message;
};
using Outcome = Result<void, Failure>;

Unexpected<Failure> usage(std::string m) { return unexpected(Failure{ExitCode::Usage, std::move(m)}); }
Unexpected<Failure> db_failure(const auth::DbError& e) { return unexpected(Failure{ExitCode::Database, e.message()}); }

// A value the command needs: present, and text a STUN client can send
// (UTF-8, no control characters, not too long), so what is stored can match.
Outcome need_text(std::string_view what, const std::optional<std::string>& v) {
    if (!v) return usage("the " + std::string(what) + " must be set");
    if (auto ok = proto::check_credential_text(*v); !ok)
        return usage("the " + std::string(what) + " is refused: " +
                     std::string(proto::credential_error_name(ok.error())));
    return {};
}

Outcome need_realm(const std::optional<std::string>& realm) {
    if (auto r = need_text("realm", realm); !r) return r;
    if (realm->size() > kMaxRealmBytes) return usage("the realm is refused: longer than 127 bytes");
    return {};
}

// An optional realm filter must still be sane text when given.
Outcome check_optional_realm(const std::optional<std::string>& realm) {
    return realm ? need_realm(realm) : Outcome{};
}

Result<auth::TurnDb, Failure> open_db(const AdminArgs& a) {
    std::optional<std::string> path = a.db;
    if (!path) path = auth::existing_default_db();
    // Never create a database in a system directory by default.
    if (!path) return usage("no database: give one with -b (none of coturn's default paths exists)");
    auto db = auth::TurnDb::open(*path, auth::OpenMode::CreateIfMissing);
    if (!db) return db_failure(db.error());
    return std::move(*db);
}

std::string key_hex(const AdminArgs& a) {
    const auto key = proto::derive_long_term_key(proto::PasswordAlgorithmId::Md5, *a.user, a.realm.value_or(""),
                                                 *a.password);
    return auth::hex_encode(key.view());
}

void print_entries(std::ostream& out, const std::vector<auth::RealmEntry>& entries) {
    for (const auto& e : entries) out << e.name << (e.realm.empty() ? "" : "[" + e.realm + "]") << "\n";
}

// A listing from the database, printed, or the database's failure.
template <class Listing>
Outcome print_listing(AdminIo io, const Listing& listing) {
    if (!listing) return db_failure(listing.error());
    print_entries(io.out, *listing);
    return {};
}

Outcome removed_or_not_found(const Result<bool, auth::DbError>& r, std::string what) {
    if (!r) return db_failure(r.error());
    if (!*r) return unexpected(Failure{ExitCode::NotFound, what + " does not exist"});
    return {};
}

template <class... Checks>
Outcome all_of(Checks... checks) {
    Outcome results[] = {checks...};
    for (auto& r : results)
        if (!r) return r;
    return {};
}

Outcome run_users(const AdminArgs& a, auth::TurnDb& db, AdminIo io) {
    switch (a.command) {
        case Command::AddUser: {
            if (auto c = all_of(need_text("user name", a.user), need_realm(a.realm), need_text("password", a.password)); !c)
                return c;
            if (auto r = db.add_user(*a.realm, *a.user, key_hex(a)); !r) return db_failure(r.error());
            return {};
        }
        case Command::DeleteUser: {
            if (auto c = all_of(need_text("user name", a.user), need_realm(a.realm)); !c) return c;
            return removed_or_not_found(db.remove_user(*a.realm, *a.user),
                                        "user '" + *a.user + "' in realm '" + *a.realm + "'");
        }
        case Command::ListUsers: {
            if (auto c = check_optional_realm(a.realm); !c) return c;
            return print_listing(io, db.users(a.realm));
        }
        default: return usage("not a user command");
    }
}

Outcome run_admins(const AdminArgs& a, auth::TurnDb& db, AdminIo io) {
    switch (a.command) {
        case Command::AddAdmin: {
            if (auto c = all_of(need_text("user name", a.user), need_text("password", a.password),
                                check_optional_realm(a.realm));
                !c)
                return c;
            const std::string hash = auth::encrypt_admin_password(*a.password);
            if (hash.empty()) return unexpected(Failure{ExitCode::Database, "no randomness for the password salt"});
            if (auto r = db.add_admin(*a.user, a.realm.value_or(""), hash); !r) return db_failure(r.error());
            return {};
        }
        case Command::DeleteAdmin: {
            if (auto c = need_text("user name", a.user); !c) return c;
            return removed_or_not_found(db.remove_admin(*a.user), "admin user '" + *a.user + "'");
        }
        case Command::ListAdmins: {
            return print_listing(io, db.admins());
        }
        default: return usage("not an admin command");
    }
}

Outcome run_secrets(const AdminArgs& a, auth::TurnDb& db, AdminIo io) {
    switch (a.command) {
        case Command::SetSecret: {
            if (auto c = all_of(need_text("secret", a.secret), need_realm(a.realm)); !c) return c;
            if (auto r = db.add_secret(*a.realm, *a.secret); !r) return db_failure(r.error());
            return {};
        }
        case Command::DeleteSecret: {
            if (auto c = all_of(need_text("secret", a.secret), need_realm(a.realm)); !c) return c;
            return removed_or_not_found(db.remove_secret(*a.realm, *a.secret), "that secret in realm '" + *a.realm + "'");
        }
        case Command::DeleteAllSecrets: {
            if (auto c = check_optional_realm(a.realm); !c) return c;
            if (auto r = db.remove_all_secrets(a.realm); !r) return db_failure(r.error());
            return {};
        }
        case Command::ShowSecrets: {
            if (auto c = check_optional_realm(a.realm); !c) return c;
            return print_listing(io, db.secrets(a.realm));
        }
        default: return usage("not a secret command");
    }
}

Outcome run_origins(const AdminArgs& a, auth::TurnDb& db, AdminIo io) {
    switch (a.command) {
        case Command::AddOrigin: {
            if (auto c = all_of(need_text("origin", a.origin), need_realm(a.realm)); !c) return c;
            if (auto r = db.add_origin(canonical_origin(*a.origin), *a.realm); !r) return db_failure(r.error());
            return {};
        }
        case Command::DeleteOrigin: {
            if (auto c = need_text("origin", a.origin); !c) return c;
            return removed_or_not_found(db.remove_origin(canonical_origin(*a.origin)), "origin '" + *a.origin + "'");
        }
        case Command::ListOrigins: {
            if (auto c = check_optional_realm(a.realm); !c) return c;
            auto origins = db.origins(a.realm);
            if (!origins) return db_failure(origins.error());
            for (const auto& o : *origins) io.out << o.origin << " ==>> " << o.realm << "\n";
            return {};
        }
        default: return usage("not an origin command");
    }
}

Outcome run_realm_options(const AdminArgs& a, auth::TurnDb& db, AdminIo io) {
    if (a.command == Command::ListRealmOptions) {
        if (auto c = check_optional_realm(a.realm); !c) return c;
        auto options = db.realm_options(a.realm);
        if (!options) return db_failure(options.error());
        for (const auto& o : *options) io.out << o.opt << "[" << o.realm << "]=" << o.value << "\n";
        return {};
    }
    if (auto c = need_realm(a.realm); !c) return c;
    if (!a.max_bps && !a.total_quota && !a.user_quota)
        return usage("a realm option must be set (--max-bps, --total-quota or --user-quota)");
    const std::pair<const char*, const std::optional<std::uint64_t>*> options[] = {
        {"max-bps", &a.max_bps}, {"total-quota", &a.total_quota}, {"user-quota", &a.user_quota}};
    for (const auto& [name, value] : options) {
        if (!*value) continue;
        if (auto r = db.set_realm_option(*a.realm, name, **value); !r) return db_failure(r.error());
    }
    return {};
}

// The oauth_key row --add-oauth-key writes: refused here, with the reason,
// when the server would skip it (make_oauth_key); kid and algorithm stored
// as the server reads them.
Result<auth::OAuthKeyRow, Failure> oauth_key_row(const AdminArgs& a) {
    if (!a.auth_key_id) return usage("the key id (--auth-key-id) must be set");
    if (!a.auth_key) return usage("the key (--auth-key, base64) must be set");
    if (auto c = check_optional_realm(a.realm); !c) return unexpected(c.error());
    constexpr std::uint64_t kMax = std::numeric_limits<std::int64_t>::max();
    const std::uint64_t timestamp = a.auth_key_timestamp.value_or(0);
    const std::uint64_t lifetime = a.auth_key_lifetime.value_or(0);
    if (timestamp > kMax || lifetime > kMax) return usage("--auth-key-timestamp and --auth-key-lifetime are too large");
    auth::OAuthKeyRow row{*a.auth_key_id, *a.auth_key, static_cast<std::int64_t>(timestamp),
                          static_cast<std::int64_t>(lifetime), a.auth_key_alg.value_or("A256GCM"), a.realm.value_or("")};
    const auto key = auth::make_oauth_key(row);
    if (!key) return usage("the oauth key is refused: " + std::string(auth::oauth_key_error_name(key.error())));
    row.kid = key->kid;
    row.as_rs_alg = std::string(auth::as_rs_alg_name(key->key.algorithm));
    return row;
}

Outcome run_oauth_keys(const AdminArgs& a, auth::TurnDb& db, AdminIo io) {
    switch (a.command) {
        case Command::AddOAuthKey: {
            const auto row = oauth_key_row(a);
            if (!row) return unexpected(row.error());
            if (auto r = db.add_oauth_key(*row); !r) return db_failure(r.error());
            return {};
        }
        case Command::DeleteOAuthKey: {
            if (!a.auth_key_id) return usage("the key id (--auth-key-id) must be set");
            return removed_or_not_found(db.remove_oauth_key(*a.auth_key_id), "oauth key '" + *a.auth_key_id + "'");
        }
        case Command::ListOAuthKeys: {
            auto keys = db.oauth_keys();
            if (!keys) return db_failure(keys.error());
            // Like -S, the key material is shown: the authorization server needs it too.
            for (const auto& k : *keys)
                io.out << k.kid << (k.realm.empty() ? "" : "[" + k.realm + "]") << " as_rs_alg=" << k.as_rs_alg
                       << " ikm_key=" << k.ikm_key << " timestamp=" << k.timestamp << " lifetime=" << k.lifetime
                       << "\n";
            return {};
        }
        default: return usage("not an oauth key command");
    }
}

// The commands that need no database.
Outcome run_offline(const AdminArgs& a, AdminIo io) {
    if (a.command == Command::Help) {
        io.out << usage::render_help(admin_usage());
        return {};
    }
    if (a.command == Command::EncryptPassword) {
        if (auto c = need_text("password", a.password); !c) return c;
        io.out << auth::encrypt_admin_password(*a.password) << "\n";
        return {};
    }
    // -k: the realm may be empty, as in coturn, but must be sane when given.
    if (auto c = all_of(need_text("user name", a.user), need_text("password", a.password),
                        a.realm && !a.realm->empty() ? need_realm(a.realm) : Outcome{});
        !c)
        return c;
    io.out << "0x" << key_hex(a) << "\n";
    return {};
}

Outcome run(const AdminArgs& a, AdminIo io) {
    switch (a.command) {
        case Command::None:
        case Command::Help:
        case Command::EncryptPassword:
        case Command::Key: return run_offline(a, io);
        default: break;
    }
    auto db = open_db(a);
    if (!db) return unexpected(db.error());
    switch (a.command) {
        case Command::AddUser:
        case Command::DeleteUser:
        case Command::ListUsers: return run_users(a, *db, io);
        case Command::AddAdmin:
        case Command::DeleteAdmin:
        case Command::ListAdmins: return run_admins(a, *db, io);
        case Command::SetSecret:
        case Command::DeleteSecret:
        case Command::DeleteAllSecrets:
        case Command::ShowSecrets: return run_secrets(a, *db, io);
        case Command::AddOrigin:
        case Command::DeleteOrigin:
        case Command::ListOrigins: return run_origins(a, *db, io);
        case Command::AddOAuthKey:
        case Command::DeleteOAuthKey:
        case Command::ListOAuthKeys: return run_oauth_keys(a, *db, io);
        default: return run_realm_options(a, *db, io);
    }
}

}  // namespace

std::string canonical_origin(std::string_view origin) {
    std::string o(origin);
    std::transform(o.begin(), o.end(), o.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const auto& [scheme, port] : {std::pair{"http://", ":80"}, std::pair{"https://", ":443"}}) {
        if (!o.starts_with(scheme)) continue;
        const std::string_view host = std::string_view(o).substr(std::string_view(scheme).size());
        if (host.find(':') == std::string_view::npos) o += port;
    }
    return o;
}

ExitCode run_admin(const AdminArgs& args, AdminIo io) {
    auto r = run(args, io);
    if (r) return ExitCode::Ok;
    io.err << "turnadmin: " << r.error().message << "\n";
    return r.error().code;
}

ExitCode turnadmin_main(std::span<const std::string_view> args, AdminIo io) {
    auto parsed = parse_admin_args(args);
    if (!parsed) {
        io.err << "turnadmin: " << parsed.error().message() << "\n\n" << usage::render_help(admin_usage());
        return ExitCode::Usage;
    }
    return run_admin(*parsed, io);
}

}  // namespace turn::admin
