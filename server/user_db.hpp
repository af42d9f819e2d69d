// The user database on the server side (DESIGN.md "Threads and state": auth
// lookups never block a relay thread on SQLite).
//
// Design: one auth thread owns the SQLite connection. Every `period` it asks
// SQLite whether the file changed (PRAGMA data_version, a cheap read); when it
// did, it reads the realm's users, secrets, peer lists and options into fresh
// immutable snapshots and swaps them in with atomic shared_ptr stores. Relay
// threads only ever load a snapshot pointer, so a slow, locked or broken
// database can delay the next snapshot but never a request. coturn re-reads
// its secrets and lists every few seconds the same way.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "auth/db_credentials.hpp"
#include "relay/shared_state.hpp"
#include "server/config/config.hpp"
#include "server/logger.hpp"

namespace turn::server {

inline constexpr std::chrono::milliseconds kUserDbRefreshPeriod{1000};

struct UserDbPlan {
    std::string path;
    auth::OpenMode mode;  // CreateIfMissing for --userdb; ReadOnly for a default path
};

// --userdb as given; otherwise, with lt-cred-mech or oauth, coturn's first default
// path that already exists (read only: a system file is never created or
// changed); otherwise none.
std::optional<UserDbPlan> user_db_plan(const config::Config& c);

// The quotas the configuration gives, which the realm's options override.
struct QuotaDefaults {
    std::uint32_t user_quota = 0;
    std::uint32_t total_quota = 0;
};

class UserDbReader {
public:
    UserDbReader(UserDbPlan plan, std::string realm, std::shared_ptr<auth::DbCredentialSource> credentials,
                 relay::SharedRelayState& shared, QuotaDefaults quotas, Logger& log,
                 std::chrono::milliseconds period = kUserDbRefreshPeriod);
    ~UserDbReader();
    UserDbReader(const UserDbReader&) = delete;
    UserDbReader& operator=(const UserDbReader&) = delete;

    // One read on the calling thread: at start-up, so the first requests
    // already see the database.
    // True when the database was read (or was unchanged since the last read).
    bool refresh();
    void start();
    void stop();

private:
    void run();
    bool ensure_open();
    void fail(const auth::DbError& e);
    void publish(auth::DbCredentials c);

    UserDbPlan plan_;
    std::string realm_;
    std::shared_ptr<auth::DbCredentialSource> credentials_;
    relay::SharedRelayState& shared_;
    QuotaDefaults quotas_;
    Logger& log_;
    std::chrono::milliseconds period_;

    std::optional<auth::TurnDb> db_;
    std::optional<std::int64_t> version_;  // of the last good read
    std::string last_error_;               // logged once, not every period
    bool opened_once_ = false;

    std::mutex mu_;
    std::condition_variable cv_;
    bool stopping_ = false;
    std::thread thread_;
};

// Starts the auth thread over `plan`'s database, after one read on this
// thread so the first requests already see its users. Null without a
// database, or when coturn's default path (not asked for) cannot be read:
// then the server runs as if it were not there.
std::unique_ptr<UserDbReader> start_user_db(const config::Config& c, const std::optional<UserDbPlan>& plan,
                                            std::shared_ptr<auth::DbCredentialSource> source,
                                            relay::SharedRelayState& shared, QuotaDefaults quotas, Logger& log);

}  // namespace turn::server
