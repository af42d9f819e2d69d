#include "server/user_db.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <limits>

#include "relay/ip_range.hpp"

namespace turn::server {
namespace {

std::uint32_t clamp32(std::uint64_t v) {
    return static_cast<std::uint32_t>(std::min<std::uint64_t>(v, std::numeric_limits<std::uint32_t>::max()));
}

// Peer ranges as coturn writes them ("a" or "a-b"); unparsable rows are counted.
std::vector<relay::IpRange> parse_ranges(const std::vector<std::string>& texts, std::size_t& bad) {
    std::vector<relay::IpRange> out;
    for (const auto& t : texts) {
        if (auto r = relay::IpRange::parse(t)) out.push_back(*r);
        else ++bad;
    }
    return out;
}

}  // namespace

std::optional<UserDbPlan> user_db_plan(const config::Config& c) {
    if (!c.userdb.empty()) return UserDbPlan{c.userdb, auth::OpenMode::CreateIfMissing};
    if (!(c.lt_cred_mech || c.oauth) || c.no_auth) return std::nullopt;
    if (auto path = auth::existing_default_db()) return UserDbPlan{*path, auth::OpenMode::ReadOnly};
    return std::nullopt;
}

UserDbReader::UserDbReader(UserDbPlan plan, std::string realm, std::shared_ptr<auth::DbCredentialSource> credentials,
                           relay::SharedRelayState& shared, QuotaDefaults quotas, Logger& log,
                           std::chrono::milliseconds period)
    : plan_(std::move(plan)),
      realm_(std::move(realm)),
      credentials_(std::move(credentials)),
      shared_(shared),
      quotas_(quotas),
      log_(log),
      period_(period) {}

UserDbReader::~UserDbReader() { stop(); }

void UserDbReader::start() { thread_ = std::thread([this] { run(); }); }

void UserDbReader::stop() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void UserDbReader::run() {
    std::unique_lock lock(mu_);
    while (!cv_.wait_for(lock, period_, [this] { return stopping_; })) {
        lock.unlock();
        refresh();
        lock.lock();
    }
}

bool UserDbReader::ensure_open() {
    if (db_) {
        // The file may have been replaced or removed under the open
        // connection, which would then go on reading the old inode.
        struct stat st {};
        if (::stat(plan_.path.c_str(), &st) == 0) return true;
        db_.reset();
        version_.reset();
    }
    // Created (with the schema) at most once, at start-up; a file removed
    // later is reported missing rather than silently recreated empty.
    const auto mode = plan_.mode == auth::OpenMode::CreateIfMissing && opened_once_ ? auth::OpenMode::ExistingOnly
                                                                                  : plan_.mode;
    auto db = auth::TurnDb::open(plan_.path, mode);
    if (!db) {
        fail(db.error());
        return false;
    }
    db_.emplace(std::move(*db));
    opened_once_ = true;
    return true;
}

bool UserDbReader::refresh() {
    if (!ensure_open()) return false;
    auto version = db_->data_version();
    if (!version) return fail(version.error()), false;
    // data_version changes only for other connections' commits: an
    // unchanged database is not re-read.
    if (version_ && *version_ == *version && !credentials_->unavailable()) return true;
    auto loaded = auth::load_db_credentials(*db_, realm_);
    if (!loaded) return fail(loaded.error()), false;
    version_ = *version;
    publish(std::move(*loaded));
    return true;
}

void UserDbReader::fail(const auth::DbError& e) {
    credentials_->set_unavailable();
    db_.reset();  // reopened next period: a fixed file is picked up again
    version_.reset();
    const std::string message = "user database " + e.message() + "; database users and secrets refused until it reads";
    if (message != last_error_) log_.error(message);
    last_error_ = message;
}

void UserDbReader::publish(auth::DbCredentials c) {
    std::size_t bad = c.skipped_rows;
    auto limits = std::make_shared<relay::DbLimits>();
    limits->allowed = parse_ranges(c.allowed_peer_ips, bad);
    limits->denied = parse_ranges(c.denied_peer_ips, bad);
    limits->max_bps = c.options.max_bps;
    shared_.db_limits.publish(std::move(limits));
    shared_.quota.set_limits(c.options.user_quota ? clamp32(*c.options.user_quota) : quotas_.user_quota,
                             c.options.total_quota ? clamp32(*c.options.total_quota) : quotas_.total_quota);
    const std::string summary = "user database " + plan_.path + " read: " + std::to_string(c.users.size()) +
                                " users, " + std::to_string(c.secrets.size()) + " secrets for realm '" + realm_ +
                                "', " + std::to_string(c.oauth_keys.size()) + " oauth keys" +
                                (bad ? ", " + std::to_string(bad) + " unusable rows skipped" : "");
    credentials_->publish(std::make_shared<const auth::DbCredentials>(std::move(c)));
    if (!last_error_.empty()) log_.info("user database readable again");
    last_error_.clear();
    log_.info(summary);
}

std::unique_ptr<UserDbReader> start_user_db(const config::Config& c, const std::optional<UserDbPlan>& plan,
                                            std::shared_ptr<auth::DbCredentialSource> source,
                                            relay::SharedRelayState& shared, QuotaDefaults quotas, Logger& log) {
    if (!plan || !source) return nullptr;
    const bool default_path = plan->mode == auth::OpenMode::ReadOnly;
    log.info("user database " + plan->path + (default_path ? " (coturn's default path, read only)" : ""));
    auto reader = std::make_unique<UserDbReader>(*plan, c.realm, source, shared, quotas, log);
    if (!reader->refresh() && default_path) {
        // Often another user's 0640 file: not worth turning 401s into 500s.
        log.warning("coturn's default user database " + plan->path +
                    " cannot be read; running without it (give --userdb to require one)");
        source->publish(std::make_shared<const auth::DbCredentials>());
        return nullptr;
    }
    reader->start();
    return reader;
}

}  // namespace turn::server
