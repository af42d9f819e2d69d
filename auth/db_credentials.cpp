#include "auth/db_credentials.hpp"

#include "auth/bytes.hpp"

namespace turn::auth {
namespace {

Result<void, DbError> load_users(TurnDb& db, std::string_view realm, DbCredentials& out) {
    auto users = db.user_keys(realm);
    if (!users) return unexpected(users.error());
    for (const auto& [name, hex] : *users) {
        // coturn stores MD5 keys as 32 hex digits (turnadmin -a).
        proto::LongTermKey key;
        key.size = 16;
        if (!hex_decode(hex, std::span(key.bytes.data(), key.size))) {
            ++out.skipped_rows;
            continue;
        }
        if (out.users.emplace(name, key).second) out.userhashes.add(name, realm);
    }
    return {};
}

Result<void, DbError> load_options(TurnDb& db, std::string_view realm, DbCredentials& out) {
    auto options = db.realm_options(realm);
    if (!options) return unexpected(options.error());
    for (const auto& o : *options) {
        const auto v = parse_decimal(o.value);
        if (!v) {
            ++out.skipped_rows;
            continue;
        }
        if (o.opt == "max-bps") out.options.max_bps = v;
        else if (o.opt == "user-quota") out.options.user_quota = v;
        else if (o.opt == "total-quota") out.options.total_quota = v;
    }
    return {};
}

}  // namespace

Result<DbCredentials, DbError> load_db_credentials(TurnDb& db, std::string_view realm) {
    DbCredentials out;
    if (auto r = load_users(db, realm, out); !r) return unexpected(r.error());
    auto secrets = db.secrets(realm);
    if (!secrets) return unexpected(secrets.error());
    for (auto& s : *secrets) out.secrets.push_back(std::move(s.name));
    auto allowed = db.peer_ips(true, realm);
    if (!allowed) return unexpected(allowed.error());
    out.allowed_peer_ips = std::move(*allowed);
    auto denied = db.peer_ips(false, realm);
    if (!denied) return unexpected(denied.error());
    out.denied_peer_ips = std::move(*denied);
    if (auto r = load_options(db, realm, out); !r) return unexpected(r.error());
    return out;
}

}  // namespace turn::auth
