#include "auth/turn_db.hpp"

#include <array>
#include <charconv>
#include <filesystem>

namespace turn::auth {
namespace {

struct TableDef {
    std::string_view name;
    std::string_view create;
};

// The CREATE statements coturn's SQLite driver runs (dbd_sqlite.c), column for
// column, so a file we create is indistinguishable from one coturn created.
constexpr std::array<TableDef, 8> kSchema{{
    {"turnusers_lt",
     "CREATE TABLE turnusers_lt ( realm varchar(127) default '', name varchar(512), hmackey char(128), "
     "PRIMARY KEY (realm,name))"},
    {"turn_secret",
     "CREATE TABLE turn_secret (realm varchar(127) default '', value varchar(127), primary key (realm,value))"},
    {"allowed_peer_ip",
     "CREATE TABLE allowed_peer_ip (realm varchar(127) default '', ip_range varchar(256), "
     "primary key (realm,ip_range))"},
    {"denied_peer_ip",
     "CREATE TABLE denied_peer_ip (realm varchar(127) default '', ip_range varchar(256), "
     "primary key (realm,ip_range))"},
    {"turn_origin_to_realm",
     "CREATE TABLE turn_origin_to_realm (origin varchar(127),realm varchar(127),primary key (origin))"},
    {"turn_realm_option",
     "CREATE TABLE turn_realm_option (realm varchar(127) default '',\topt varchar(32),\tvalue varchar(128),"
     "\tprimary key (realm,opt))"},
    {"oauth_key",
     "CREATE TABLE oauth_key (kid varchar(128),ikm_key varchar(256),timestamp bigint default 0,"
     "lifetime integer default 0,as_rs_alg varchar(64) default '',realm varchar(127) default '',"
     "primary key (kid))"},
    {"admin_user",
     "CREATE TABLE admin_user (name varchar(32), realm varchar(127), password varchar(127), primary key (name))"},
}};

DbValue text(std::string_view s) { return DbValue::of(s); }

// An INTEGER column as read back ("" for NULL).
std::int64_t integer_of(const std::string& s) {
    std::int64_t v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
}

}  // namespace

std::string schema_sql() {
    std::string sql;
    for (const auto& table : kSchema) sql += std::string(table.create) + ";\n";
    return sql;
}

std::optional<std::string> existing_default_db() {
    for (const auto path : kDefaultDbPaths) {
        std::error_code ec;
        if (std::filesystem::is_regular_file(path, ec)) return std::string(path);
    }
    return std::nullopt;
}

Result<TurnDb, DbError> TurnDb::open(const std::string& path, OpenMode mode, int busy_timeout_ms) {
    auto db = SqliteDb::open(path, mode, busy_timeout_ms);
    if (!db) return unexpected(db.error());
    TurnDb t(std::move(*db));
    if (mode == OpenMode::ReadOnly) return t;
    if (auto r = t.create_missing_tables(); !r) return unexpected(r.error());
    return t;
}

Result<void, DbError> TurnDb::create_missing_tables() {
    // Only what is missing: an existing table is used as is, and a read-only
    // database with the full schema opens without any write.
    for (const auto& table : kSchema) {
        auto found = db_.query("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", {text(table.name)});
        if (!found) return unexpected(found.error());
        if (!found->empty()) continue;
        if (auto created = db_.query(table.create); !created) return unexpected(created.error());
    }
    return {};
}

Result<void, DbError> TurnDb::exec(std::string_view sql, std::initializer_list<DbValue> params) {
    auto r = db_.query(sql, params);
    if (!r) return unexpected(r.error());
    return {};
}

Result<bool, DbError> TurnDb::exec_changed(std::string_view sql, std::initializer_list<DbValue> params) {
    auto r = db_.query(sql, params);
    if (!r) return unexpected(r.error());
    return db_.changes() > 0;
}

Result<std::vector<RealmEntry>, DbError> TurnDb::pairs(std::string_view all_sql, std::string_view realm_sql,
                                                       std::optional<std::string_view> realm) {
    auto rows = realm ? db_.query(realm_sql, {text(*realm)}) : db_.query(all_sql);
    if (!rows) return unexpected(rows.error());
    std::vector<RealmEntry> out;
    for (auto& row : *rows) out.push_back({std::move(row.at(0)), std::move(row.at(1))});
    return out;
}

Result<void, DbError> TurnDb::add_user(std::string_view realm, std::string_view name, std::string_view hmackey_hex) {
    return exec("INSERT OR REPLACE INTO turnusers_lt (realm,name,hmackey) VALUES (?,?,?)",
                {text(realm), text(name), text(hmackey_hex)});
}

Result<bool, DbError> TurnDb::remove_user(std::string_view realm, std::string_view name) {
    return exec_changed("DELETE FROM turnusers_lt WHERE realm=? AND name=?", {text(realm), text(name)});
}

Result<std::vector<RealmEntry>, DbError> TurnDb::users(std::optional<std::string_view> realm) {
    return pairs("SELECT name,realm FROM turnusers_lt ORDER BY realm,name",
                 "SELECT name,realm FROM turnusers_lt WHERE realm=? ORDER BY name", realm);
}

Result<std::optional<std::string>, DbError> TurnDb::user_key(std::string_view realm, std::string_view name) {
    auto rows = db_.query("SELECT hmackey FROM turnusers_lt WHERE realm=? AND name=?", {text(realm), text(name)});
    if (!rows) return unexpected(rows.error());
    if (rows->empty()) return std::optional<std::string>{};
    return std::optional<std::string>{std::move(rows->front().at(0))};
}

Result<std::vector<std::pair<std::string, std::string>>, DbError> TurnDb::user_keys(std::string_view realm) {
    auto rows = db_.query("SELECT name,hmackey FROM turnusers_lt WHERE realm=?", {text(realm)});
    if (!rows) return unexpected(rows.error());
    std::vector<std::pair<std::string, std::string>> out;
    for (auto& r : *rows) out.emplace_back(std::move(r.at(0)), std::move(r.at(1)));
    return out;
}

Result<void, DbError> TurnDb::add_secret(std::string_view realm, std::string_view secret) {
    return exec("INSERT OR REPLACE INTO turn_secret (realm,value) VALUES (?,?)", {text(realm), text(secret)});
}

Result<bool, DbError> TurnDb::remove_secret(std::string_view realm, std::string_view secret) {
    return exec_changed("DELETE FROM turn_secret WHERE realm=? AND value=?", {text(realm), text(secret)});
}

Result<std::int64_t, DbError> TurnDb::remove_all_secrets(std::optional<std::string_view> realm) {
    auto r = realm ? db_.query("DELETE FROM turn_secret WHERE realm=?", {text(*realm)})
                   : db_.query("DELETE FROM turn_secret");
    if (!r) return unexpected(r.error());
    return db_.changes();
}

Result<std::vector<RealmEntry>, DbError> TurnDb::secrets(std::optional<std::string_view> realm) {
    return pairs("SELECT value,realm FROM turn_secret ORDER BY realm,value",
                 "SELECT value,realm FROM turn_secret WHERE realm=? ORDER BY value", realm);
}

Result<void, DbError> TurnDb::add_admin(std::string_view name, std::string_view realm,
                                        std::string_view password_hash) {
    return exec("INSERT OR REPLACE INTO admin_user (name,realm,password) VALUES (?,?,?)",
                {text(name), text(realm), text(password_hash)});
}

Result<bool, DbError> TurnDb::remove_admin(std::string_view name) {
    return exec_changed("DELETE FROM admin_user WHERE name=?", {text(name)});
}

Result<std::vector<RealmEntry>, DbError> TurnDb::admins() {
    return pairs("SELECT name,realm FROM admin_user ORDER BY realm,name", {}, std::nullopt);
}

Result<void, DbError> TurnDb::add_origin(std::string_view origin, std::string_view realm) {
    return exec("INSERT OR REPLACE INTO turn_origin_to_realm (origin,realm) VALUES (?,?)",
                {text(origin), text(realm)});
}

Result<bool, DbError> TurnDb::remove_origin(std::string_view origin) {
    return exec_changed("DELETE FROM turn_origin_to_realm WHERE origin=?", {text(origin)});
}

Result<std::vector<OriginEntry>, DbError> TurnDb::origins(std::optional<std::string_view> realm) {
    auto rows = pairs("SELECT origin,realm FROM turn_origin_to_realm ORDER BY realm,origin",
                      "SELECT origin,realm FROM turn_origin_to_realm WHERE realm=? ORDER BY origin", realm);
    if (!rows) return unexpected(rows.error());
    std::vector<OriginEntry> out;
    for (auto& r : *rows) out.push_back({std::move(r.name), std::move(r.realm)});
    return out;
}

Result<void, DbError> TurnDb::set_realm_option(std::string_view realm, std::string_view opt, std::uint64_t value) {
    if (value == 0) return exec("DELETE FROM turn_realm_option WHERE realm=? AND opt=?", {text(realm), text(opt)});
    const std::string v = std::to_string(value);
    return exec("INSERT OR REPLACE INTO turn_realm_option (realm,opt,value) VALUES (?,?,?)",
                {text(realm), text(opt), text(v)});
}

Result<std::vector<RealmOptionEntry>, DbError> TurnDb::realm_options(std::optional<std::string_view> realm) {
    auto rows = realm ? db_.query("SELECT realm,opt,value FROM turn_realm_option WHERE realm=? ORDER BY opt",
                                  {text(*realm)})
                      : db_.query("SELECT realm,opt,value FROM turn_realm_option ORDER BY realm,opt");
    if (!rows) return unexpected(rows.error());
    std::vector<RealmOptionEntry> out;
    for (auto& r : *rows) out.push_back({std::move(r.at(0)), std::move(r.at(1)), std::move(r.at(2))});
    return out;
}

Result<void, DbError> TurnDb::add_oauth_key(const OAuthKeyRow& k) {
    return exec("INSERT OR REPLACE INTO oauth_key (kid,ikm_key,timestamp,lifetime,as_rs_alg,realm) "
                "VALUES (?,?,?,?,?,?)",
                {text(k.kid), text(k.ikm_key), DbValue::of(k.timestamp), DbValue::of(k.lifetime), text(k.as_rs_alg),
                 text(k.realm)});
}

Result<bool, DbError> TurnDb::remove_oauth_key(std::string_view kid) {
    return exec_changed("DELETE FROM oauth_key WHERE kid=?", {text(kid)});
}

Result<std::vector<OAuthKeyRow>, DbError> TurnDb::oauth_keys() {
    auto rows = db_.query(
        "SELECT kid,ikm_key,CAST(timestamp AS INTEGER),CAST(lifetime AS INTEGER),as_rs_alg,realm "
        "FROM oauth_key ORDER BY kid");
    if (!rows) return unexpected(rows.error());
    std::vector<OAuthKeyRow> out;
    for (auto& r : *rows)
        out.push_back({std::move(r.at(0)), std::move(r.at(1)), integer_of(r.at(2)), integer_of(r.at(3)),
                       std::move(r.at(4)), std::move(r.at(5))});
    return out;
}

Result<std::vector<std::string>, DbError> TurnDb::peer_ips(bool allowed, std::string_view realm) {
    auto rows = allowed ? db_.query("SELECT ip_range FROM allowed_peer_ip WHERE realm=? OR realm=''", {text(realm)})
                        : db_.query("SELECT ip_range FROM denied_peer_ip WHERE realm=? OR realm=''", {text(realm)});
    if (!rows) return unexpected(rows.error());
    std::vector<std::string> out;
    for (auto& r : *rows) out.push_back(std::move(r.at(0)));
    return out;
}

Result<void, DbError> TurnDb::add_peer_ip(bool allowed, std::string_view realm, std::string_view range) {
    return allowed ? exec("INSERT OR REPLACE INTO allowed_peer_ip (realm,ip_range) VALUES (?,?)",
                          {text(realm), text(range)})
                   : exec("INSERT OR REPLACE INTO denied_peer_ip (realm,ip_range) VALUES (?,?)",
                          {text(realm), text(range)});
}

}  // namespace turn::auth
