// The user database, in coturn's SQLite schema (coturn's dbd_sqlite.c and
// /usr/share/coturn/schema.sql), so a `turndb` written by either project's
// turnadmin is read by either project's turnserver. Tables are created when
// missing; existing ones are used as they are, never altered.
//
//   turnusers_lt(realm, name, hmackey)     hmackey: hex of MD5(name:realm:password)
//   turn_secret(realm, value)              TURN REST API shared secrets
//   allowed_peer_ip / denied_peer_ip(realm, ip_range)
//   turn_origin_to_realm(origin, realm)
//   turn_realm_option(realm, opt, value)   opt: max-bps, total-quota, user-quota
//   oauth_key(kid, ikm_key, timestamp, lifetime, as_rs_alg, realm)
//                                          RFC 7635 AS-RS keys; ikm_key in base64
//   admin_user(name, realm, password)      password: $5$<salt>$<sha256>
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/sqlite_db.hpp"

namespace turn::auth {

// Enough for turnadmin to wait out a server's read; short enough that a
// stuck lock is reported rather than waited on forever.
inline constexpr int kDefaultBusyTimeoutMs = 3000;

// coturn's default database paths, in its order of preference.
inline constexpr std::string_view kDefaultDbPaths[] = {"/var/db/turndb", "/usr/local/var/db/turndb",
                                                       "/var/lib/turn/turndb"};

// The CREATE TABLE statements TurnDb runs, one a line, each ending in ';':
// what `sqlite3 turndb < schema.sql` needs to make an empty database
// (installed as share/turnrelay/schema.sql, as coturn installs its own).
std::string schema_sql();

// The first default path that exists. A default is used only if it is already
// there: nothing is ever created in a system directory by default.
std::optional<std::string> existing_default_db();

struct RealmEntry {  // a (name or value, realm) row, as -l, -S and -L list them
    std::string name;
    std::string realm;
};

struct OriginEntry {
    std::string origin;
    std::string realm;
};

// An oauth_key row, column for column (coturn's schema.sql).
struct OAuthKeyRow {
    std::string kid;
    std::string ikm_key;         // base64 of the key material
    std::int64_t timestamp = 0;  // seconds since 1970
    std::int64_t lifetime = 0;   // seconds; 0: no end
    std::string as_rs_alg;       // A256GCM or A128GCM
    std::string realm;
    friend bool operator==(const OAuthKeyRow&, const OAuthKeyRow&) = default;
};

struct RealmOptionEntry {
    std::string realm;
    std::string opt;
    std::string value;
};

class TurnDb {
public:
    static Result<TurnDb, DbError> open(const std::string& path, OpenMode mode,
                                        int busy_timeout_ms = kDefaultBusyTimeoutMs);

    // Long-term users (turnadmin -a, -d, -l). add_user replaces the key of an
    // existing user. remove_user reports whether a row went.
    Result<void, DbError> add_user(std::string_view realm, std::string_view name, std::string_view hmackey_hex);
    Result<bool, DbError> remove_user(std::string_view realm, std::string_view name);
    Result<std::vector<RealmEntry>, DbError> users(std::optional<std::string_view> realm);
    Result<std::optional<std::string>, DbError> user_key(std::string_view realm, std::string_view name);
    // Every (name, hmackey) of `realm`, for the server's in-memory view.
    Result<std::vector<std::pair<std::string, std::string>>, DbError> user_keys(std::string_view realm);

    // REST API secrets (-s, -X, --delete-all-secrets, -S).
    Result<void, DbError> add_secret(std::string_view realm, std::string_view secret);
    Result<bool, DbError> remove_secret(std::string_view realm, std::string_view secret);
    Result<std::int64_t, DbError> remove_all_secrets(std::optional<std::string_view> realm);
    Result<std::vector<RealmEntry>, DbError> secrets(std::optional<std::string_view> realm);

    // Admin users (-A, -D, -L).
    Result<void, DbError> add_admin(std::string_view name, std::string_view realm, std::string_view password_hash);
    Result<bool, DbError> remove_admin(std::string_view name);
    Result<std::vector<RealmEntry>, DbError> admins();

    // Origin to realm (-O, -R, -I).
    Result<void, DbError> add_origin(std::string_view origin, std::string_view realm);
    Result<bool, DbError> remove_origin(std::string_view origin);
    Result<std::vector<OriginEntry>, DbError> origins(std::optional<std::string_view> realm);

    // Realm options (-g, -G). A value of 0 removes the option, as in coturn.
    Result<void, DbError> set_realm_option(std::string_view realm, std::string_view opt, std::uint64_t value);
    Result<std::vector<RealmOptionEntry>, DbError> realm_options(std::optional<std::string_view> realm);

    // RFC 7635 AS-RS keys (turnadmin --add-oauth-key, --delete-oauth-key,
    // --list-oauth-keys: ours; coturn manages them in its web admin). add
    // replaces the key of an existing kid; remove reports whether a row went.
    Result<void, DbError> add_oauth_key(const OAuthKeyRow& key);
    Result<bool, DbError> remove_oauth_key(std::string_view kid);
    // Every row, by kid. A non-numeric timestamp or lifetime reads as SQLite's
    // CAST makes it (its leading digits, else 0); NULL reads as 0.
    Result<std::vector<OAuthKeyRow>, DbError> oauth_keys();

    // allowed_peer_ip / denied_peer_ip rows for `realm` and for the empty
    // realm (entries meant for every realm).
    Result<std::vector<std::string>, DbError> peer_ips(bool allowed, std::string_view realm);
    Result<void, DbError> add_peer_ip(bool allowed, std::string_view realm, std::string_view range);

    // See SqliteDb::data_version.
    Result<std::int64_t, DbError> data_version() { return db_.data_version(); }
    const std::string& file() const { return db_.file(); }

private:
    explicit TurnDb(SqliteDb db) : db_(std::move(db)) {}
    Result<void, DbError> create_missing_tables();
    Result<void, DbError> exec(std::string_view sql, std::initializer_list<DbValue> params);
    Result<bool, DbError> exec_changed(std::string_view sql, std::initializer_list<DbValue> params);
    Result<std::vector<RealmEntry>, DbError> pairs(std::string_view all_sql, std::string_view realm_sql,
                                                   std::optional<std::string_view> realm);

    SqliteDb db_;
};

}  // namespace turn::auth
