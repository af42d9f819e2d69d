// SQL injection and format strings through everything a client or an
// operator can put into the user database's queries or the log: USERNAME,
// REALM and NONCE from the network, and turnadmin's arguments (coturn's
// CVE-2018-4056: SQL injection through the admin portal's login; its
// CVE-2026-68553: USERNAME/REALM as a format string). Every query uses bound
// parameters (auth/sqlite_db.cpp binds, turn_db.cpp's SQL is constant) and
// log lines are written with "%.*s". userdb_test.cpp has hostile user names
// and passwords added with turnadmin authenticating literally; these fill the
// rest: the other commands' arguments, hostile requests, and a database that
// must stay exactly as it was.
#include <catch2/catch.hpp>

#include <algorithm>

#include "admin_tool.hpp"
#include "auth/sqlite_db.hpp"
#include "fixtures.hpp"
#include "scratch.hpp"

using namespace turn;
using namespace turn::itest;
using namespace turn::proto;

namespace {

const std::vector<std::string> kHostile{"x' OR '1'='1",
                                        "'; DROP TABLE turnusers_lt; --",
                                        "x\"); DELETE FROM turn_secret; --",
                                        "%n%s%x%n%s%x%99999999d",
                                        "\\'\\\" OR 1=1 /*"};

std::string new_db_path() { return new_scratch_file("turndb", ".sqlite").string(); }

void admin(std::vector<std::string> args, const std::string& db) {
    args.insert(args.end(), {"-b", db});
    const ToolRun run = run_our_turnadmin(args);
    INFO(run.output);
    REQUIRE(run.status.clean());
}

std::vector<auth::DbRow> rows(const std::string& db, const std::string& sql) {
    auto open = auth::SqliteDb::open(db, auth::OpenMode::ReadOnly, 1000);
    REQUIRE(open.ok());
    auto result = open->query(sql);
    REQUIRE(result.ok());
    return *result;
}

// Every row of every table, sorted, as text: equal snapshots are equal databases.
std::string snapshot(const std::string& db) {
    std::string out;
    for (const auto& table : rows(db, "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")) {
        auto all = rows(db, "SELECT * FROM \"" + table[0] + "\"");
        std::sort(all.begin(), all.end());
        out += "[" + table[0] + "]\n";
        for (const auto& row : all) {
            for (const auto& field : row) out += field + "|";
            out += "\n";
        }
    }
    return out;
}

// turnadmin stores origins lowercased, as coturn does (and an http(s)
// origin with its default port; these have no scheme).
std::string lowercase(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool contains_row(const std::vector<auth::DbRow>& all, const auth::DbRow& wanted) {
    return std::find(all.begin(), all.end(), wanted) != all.end();
}

ServerConfig db_server(const std::string& db) {
    return {{"lt-cred-mech", std::string("realm=") + kRealm, "use-auth-secret", "userdb=" + db,
             "user=static:static-pw"}};
}

// An Allocate signed with `realm` in REALM (and in the key), with a nonce
// the server issued: only the credentials are wrong.
std::optional<StunReply> allocate_claiming_realm(const ServerProcess& server, const std::string& user,
                                                 const std::string& realm) {
    TurnClient client(server.address(), {user, "pw"});
    const auto challenge = client.request_once(Method::Allocate);
    REQUIRE(challenge);
    Bytes buf(kMaxMessageSize);
    const TransactionId tid = random_tid();
    MessageBuilder b(buf, {Method::Allocate, MessageClass::Request}, tid);
    b.add(RequestedTransport{RequestedTransport::kUdp}).add(Username{user}).add(Realm{realm}).add(Nonce{client.nonce()});
    b.add_message_integrity(derive_long_term_key(PasswordAlgorithmId::Md5, user, realm, "pw").view());
    const auto out = b.finish();
    REQUIRE(out);
    return client.transact(Bytes(out->begin(), out->end()), tid);
}

int allocate_code(const ServerProcess& server, const Credentials& credentials) {
    TurnClient client(server.address(), credentials);
    const auto reply = client.allocate();
    REQUIRE(reply);
    return reply->is_success() ? 0 : reply->error_code();
}

}  // namespace

TEST_CASE("turnadmin stores hostile realms, secrets, admin names and origins literally and keeps every table") {
    const std::string db = new_db_path();
    for (const auto& h : kHostile) {
        admin({"-a", "-u", "user", "-r", h, "-p", h}, db);
        admin({"-s", h, "-r", h}, db);
        admin({"-A", "-u", h.substr(0, 30), "-r", h, "-p", h}, db);
        admin({"-O", "-o", h, "-r", h}, db);
        admin({"-g", "-r", h, "--max-bps", "1000"}, db);
    }
    CHECK(rows(db, "SELECT count(*) FROM sqlite_master WHERE type='table'")[0][0] == "8");
    CHECK(rows(db, "PRAGMA integrity_check")[0][0] == "ok");
    const auto users = rows(db, "SELECT realm, name FROM turnusers_lt");
    const auto secrets = rows(db, "SELECT realm, value FROM turn_secret");
    const auto admins = rows(db, "SELECT name, realm FROM admin_user");
    const auto origins = rows(db, "SELECT origin, realm FROM turn_origin_to_realm");
    const auto options = rows(db, "SELECT realm, opt, value FROM turn_realm_option");
    CHECK(users.size() == kHostile.size());
    CHECK(secrets.size() == kHostile.size());
    CHECK(admins.size() == kHostile.size());
    CHECK(origins.size() == kHostile.size());
    CHECK(options.size() == kHostile.size());
    for (const auto& h : kHostile) {
        INFO(h);
        CHECK(contains_row(users, {h, "user"}));
        CHECK(contains_row(secrets, {h, h}));
        CHECK(contains_row(admins, {h.substr(0, 30), h}));
        CHECK(contains_row(origins, {lowercase(h), h}));
        CHECK(contains_row(options, {h, "max-bps", "1000"}));
    }
    // Deleting by a hostile name deletes that row and nothing else.
    admin({"-d", "-u", "user", "-r", kHostile[0]}, db);
    admin({"-X", kHostile[1], "-r", kHostile[1]}, db);
    CHECK(rows(db, "SELECT count(*) FROM turnusers_lt")[0][0] == std::to_string(kHostile.size() - 1));
    CHECK(rows(db, "SELECT count(*) FROM turn_secret")[0][0] == std::to_string(kHostile.size() - 1));
}

TEST_CASE("hostile USERNAME and REALM in requests fail with 401, the server keeps serving, the database is unchanged") {
    const std::string db = new_db_path();
    admin({"-a", "-u", "dave", "-r", kRealm, "-p", "dave-pw"}, db);
    admin({"-s", "db-secret", "-r", kRealm}, db);
    const std::string before = snapshot(db);
    ServerProcess server(db_server(db));
    for (const auto& h : kHostile) {
        INFO(h);
        CHECK(allocate_code(server, {h, h}) == code(StunError::Unauthorized));
        CHECK(allocate_code(server, {"dave" + h, "dave-pw"}) == code(StunError::Unauthorized));
        CHECK(allocate_code(server, {"1999999999:" + h, h}) == code(StunError::Unauthorized));  // a REST name
        const auto claimed = allocate_claiming_realm(server, h, h);
        REQUIRE(claimed);
        CHECK(claimed->error_code() == code(StunError::Unauthorized));
    }
    CHECK(allocate_code(server, {"dave", "dave-pw"}) == 0);
    CHECK(allocate_code(server, {"static", "static-pw"}) == 0);
    CHECK(snapshot(db) == before);
}
