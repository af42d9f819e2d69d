// The SQLite user database in coturn's schema: created when new, used as is
// when it exists, every value bound (so hostile text is stored literally),
// and every failure an error value that names the file.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "auth/turn_db.hpp"
#include "temp_dir.hpp"

using namespace turn::auth;
using turn::test::TempDir;

namespace {

TurnDb open_new(const TempDir& dir) {
    auto db = TurnDb::open(dir.file("turndb").string(), OpenMode::CreateIfMissing);
    REQUIRE(db.ok());
    return std::move(*db);
}

std::vector<std::string> table_names(const std::string& path) {
    auto db = SqliteDb::open(path, OpenMode::ExistingOnly, 100);
    REQUIRE(db.ok());
    auto rows = db->query("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name");
    REQUIRE(rows.ok());
    std::vector<std::string> names;
    for (const auto& r : *rows) names.push_back(r.at(0));
    return names;
}

}  // namespace

TEST_CASE("a new file gets coturn's eight tables, in WAL mode") {
    TempDir dir;
    open_new(dir);
    CHECK(table_names(dir.file("turndb").string()) ==
          std::vector<std::string>{"admin_user", "allowed_peer_ip", "denied_peer_ip", "oauth_key", "turn_origin_to_realm",
                                   "turn_realm_option", "turn_secret", "turnusers_lt"});
    auto raw = SqliteDb::open(dir.file("turndb").string(), OpenMode::ExistingOnly, 100);
    REQUIRE(raw.ok());
    auto mode = raw->query("PRAGMA journal_mode");
    REQUIRE(mode.ok());
    CHECK(mode->at(0).at(0) == "wal");
}

TEST_CASE("an existing database is used as is: its rows stay and nothing is recreated") {
    TempDir dir;
    {
        auto db = open_new(dir);
        REQUIRE(db.add_user("example.org", "alice", "543e1aec5d3614f03141652d6ada51b2").ok());
    }
    auto db = TurnDb::open(dir.file("turndb").string(), OpenMode::ExistingOnly);
    REQUIRE(db.ok());
    auto key = db->user_key("example.org", "alice");
    REQUIRE(key.ok());
    CHECK(*key == std::optional<std::string>("543e1aec5d3614f03141652d6ada51b2"));
}

TEST_CASE("users are added, replaced, listed per realm and removed") {
    TempDir dir;
    auto db = open_new(dir);
    REQUIRE(db.add_user("b.org", "zed", "00").ok());
    REQUIRE(db.add_user("a.org", "bob", "11").ok());
    REQUIRE(db.add_user("a.org", "alice", "22").ok());
    REQUIRE(db.add_user("a.org", "alice", "33").ok());  // -a on an existing user replaces its key
    auto all = db.users(std::nullopt);
    REQUIRE(all.ok());
    REQUIRE(all->size() == 3);
    CHECK(all->at(0).name == "alice");
    CHECK(all->at(1).name == "bob");
    CHECK(all->at(2).realm == "b.org");
    CHECK(*db.user_key("a.org", "alice") == std::optional<std::string>("33"));
    CHECK(db.users("b.org")->size() == 1);
    CHECK(*db.remove_user("a.org", "alice") == true);
    CHECK(*db.remove_user("a.org", "alice") == false);
    CHECK(!db.user_key("a.org", "alice")->has_value());
}

TEST_CASE("secrets, admins, origins and realm options round-trip") {
    TempDir dir;
    auto db = open_new(dir);
    REQUIRE(db.add_secret("a.org", "s1").ok());
    REQUIRE(db.add_secret("b.org", "s2").ok());
    CHECK(db.secrets("a.org")->size() == 1);
    CHECK(*db.remove_secret("a.org", "s2") == false);
    CHECK(*db.remove_all_secrets(std::nullopt) == 2);
    REQUIRE(db.add_admin("root", "", "$5$x$y").ok());
    CHECK(db.admins()->at(0).name == "root");
    CHECK(*db.remove_admin("root"));
    REQUIRE(db.add_origin("http://x.org:80", "a.org").ok());
    CHECK(db.origins("a.org")->at(0).origin == "http://x.org:80");
    REQUIRE(db.set_realm_option("a.org", "max-bps", 1000).ok());
    REQUIRE(db.set_realm_option("a.org", "user-quota", 5).ok());
    REQUIRE(db.set_realm_option("a.org", "user-quota", 0).ok());  // 0 removes, as in coturn
    auto options = db.realm_options("a.org");
    REQUIRE(options->size() == 1);
    CHECK(options->at(0).opt == "max-bps");
    CHECK(options->at(0).value == "1000");
}

TEST_CASE("hostile names and secrets are stored and matched literally, the database stays intact") {
    TempDir dir;
    auto db = open_new(dir);
    const std::vector<std::string> hostile{
        "o'brien", "\"quoted\"", "%s%s%n", "x'); DROP TABLE turnusers_lt; --", "' OR '1'='1",
        std::string(100000, 'a'), std::string("\xff\xfe bad utf8", 12), std::string("nul\0inside", 10)};
    for (const auto& name : hostile) REQUIRE(db.add_user("r", name, "k-" + std::to_string(name.size())).ok());
    for (const auto& name : hostile) {
        auto key = db.user_key("r", name);
        REQUIRE(key.ok());
        CHECK(*key == std::optional<std::string>("k-" + std::to_string(name.size())));
    }
    CHECK(!db.user_key("r", "anything")->has_value());  // ' OR '1'='1 matched nothing else
    CHECK(db.users("r")->size() == hostile.size());
    for (const auto& s : hostile) REQUIRE(db.add_secret(s, s).ok());
    CHECK(db.secrets(std::nullopt)->size() == hostile.size());
    CHECK(table_names(dir.file("turndb").string()).size() == 8);
}

TEST_CASE("a missing directory is an error naming the file") {
    TempDir dir;
    const std::string path = dir.file("no/such/dir/turndb").string();
    auto db = TurnDb::open(path, OpenMode::CreateIfMissing);
    REQUIRE(!db.ok());
    CHECK(db.error().code == DbErrorCode::Missing);
    CHECK(db.error().message().find(path) != std::string::npos);
}

TEST_CASE("a default path that does not exist is not created") {
    TempDir dir;
    auto db = TurnDb::open(dir.file("turndb").string(), OpenMode::ExistingOnly);
    REQUIRE(!db.ok());
    CHECK(db.error().code == DbErrorCode::Missing);
    CHECK(!std::filesystem::exists(dir.file("turndb")));
}

TEST_CASE("a file that is not a database is reported as corrupt") {
    TempDir dir;
    std::ofstream(dir.file("turndb")) << std::string(4096, 'x');
    auto db = TurnDb::open(dir.file("turndb").string(), OpenMode::CreateIfMissing);
    REQUIRE(!db.ok());
    CHECK(db.error().code == DbErrorCode::Corrupt);
}

TEST_CASE("a writer held up by another's lock gets Locked after the busy timeout, not a hang") {
    TempDir dir;
    open_new(dir);
    auto holder = SqliteDb::open(dir.file("turndb").string(), OpenMode::ExistingOnly, 100);
    REQUIRE(holder.ok());
    REQUIRE(holder->query("BEGIN IMMEDIATE").ok());
    auto db = TurnDb::open(dir.file("turndb").string(), OpenMode::ExistingOnly, 100);
    REQUIRE(db.ok());  // WAL: reads go on while another connection writes
    CHECK(db->users(std::nullopt).ok());
    auto added = db->add_user("r", "u", "k");
    REQUIRE(!added.ok());
    CHECK(added.error().code == DbErrorCode::Locked);
    REQUIRE(holder->query("COMMIT").ok());
}

TEST_CASE("a read-only database can be read but not written") {
    if (::geteuid() == 0) {
        WARN("skipped: root ignores file permissions");
        return;
    }
    TempDir dir;
    {
        auto db = open_new(dir);
        REQUIRE(db.add_user("r", "u", "k").ok());
    }
    ::chmod(dir.file("turndb").c_str(), 0444);
    auto db = TurnDb::open(dir.file("turndb").string(), OpenMode::ExistingOnly);
    REQUIRE(db.ok());
    auto added = db->add_user("r", "v", "k");
    REQUIRE(!added.ok());
    CHECK(added.error().code == DbErrorCode::ReadOnly);
}
