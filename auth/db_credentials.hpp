// One realm's view of the user database, as last read, shared with the relay
// threads without a lock on their side: the auth thread builds a fresh
// DbCredentials and publishes it with one atomic shared_ptr store; readers
// take a reference with one atomic load, and never touch SQLite.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "auth/turn_db.hpp"
#include "auth/userhash_index.hpp"
#include "protocol/credentials.hpp"

namespace turn::auth {

// turn_realm_option rows coturn knows (README.turnadmin: -g).
struct RealmOptions {
    std::optional<std::uint64_t> max_bps;
    std::optional<std::uint64_t> user_quota;
    std::optional<std::uint64_t> total_quota;
    friend bool operator==(const RealmOptions&, const RealmOptions&) = default;
};

struct DbCredentials {
    // turnusers_lt of the realm. coturn's schema stores the MD5 key only
    // (hmackey, turnadmin -a), so database users sign with MD5 alone.
    std::map<std::string, proto::LongTermKey, std::less<>> users;
    // The same users by USERHASH (RFC 8489 §14.4). The schema has no column
    // for it and stays coturn's: the auth thread hashes each name as it
    // reads the table, so relay threads never query or hash per request.
    UserhashIndex userhashes;
    std::vector<std::string> secrets;                              // turn_secret of the realm
    std::vector<std::string> allowed_peer_ips;                     // as written, "a" or "a-b"
    std::vector<std::string> denied_peer_ips;
    RealmOptions options;
    std::size_t skipped_rows = 0;  // rows that could not be used (bad hmackey, bad option value)
};

// Reads everything the server uses for `realm`. A user row whose hmackey is
// not 32 hex digits, or an option value that is not a number, is skipped and
// counted rather than failing the whole read.
Result<DbCredentials, DbError> load_db_credentials(TurnDb& db, std::string_view realm);

class DbCredentialSource {
public:
    // nullptr until the first successful read.
    std::shared_ptr<const DbCredentials> current() const { return current_.load(std::memory_order_acquire); }
    // True while the database cannot be read: its keys are not used, and a
    // request no other key verifies gets 500 rather than 401.
    bool unavailable() const { return unavailable_.load(std::memory_order_acquire); }

    void publish(std::shared_ptr<const DbCredentials> c) {
        current_.store(std::move(c), std::memory_order_release);
        unavailable_.store(false, std::memory_order_release);
    }
    void set_unavailable() { unavailable_.store(true, std::memory_order_release); }

private:
    std::atomic<std::shared_ptr<const DbCredentials>> current_;
    std::atomic<bool> unavailable_{true};
};

}  // namespace turn::auth
