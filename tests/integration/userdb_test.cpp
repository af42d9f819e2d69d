// The user database under a running turnserver (issue 5): changes made with
// turnadmin apply within the refresh period without a restart, and a broken
// database is reported and answered, never a crash or a hang.
#include <catch2/catch.hpp>

#include <ctime>
#include <fstream>
#include <thread>

#include "admin_tool.hpp"
#include "auth/rest_api.hpp"
#include "auth/turn_db.hpp"
#include "fixtures.hpp"
#include "scratch.hpp"

using namespace turn;
using namespace turn::itest;

namespace {

// The server re-reads the database every second; this leaves room for a
// loaded machine and ASan.
constexpr auto kPropagation = std::chrono::seconds(6);

std::string new_db_path() { return new_scratch_file("turndb", ".sqlite").string(); }

ServerConfig db_server(const std::string& db, std::vector<std::string> extra = {}) {
    std::vector<std::string> lines{"lt-cred-mech", std::string("realm=") + kRealm, "use-auth-secret", "userdb=" + db};
    lines.insert(lines.end(), extra.begin(), extra.end());
    return {lines, 16, 2};
}

void admin(std::vector<std::string> args, const std::string& db) {
    args.insert(args.end(), {"-b", db});
    const ToolRun run = run_our_turnadmin(args);
    INFO(run.output);
    REQUIRE(run.status.clean());
}

// The ERROR-CODE of an Allocate from a fresh client (0 on success).
int allocate_code(const ServerProcess& server, Credentials credentials) {
    TurnClient client(server.address(), std::move(credentials));
    const auto reply = client.allocate();
    REQUIRE(reply);
    return reply->is_success() ? 0 : reply->error_code();
}

// Polls until an Allocate with `credentials` gives `expected`, up to kPropagation.
bool becomes(const ServerProcess& server, const Credentials& credentials, int expected) {
    const auto deadline = std::chrono::steady_clock::now() + kPropagation;
    while (std::chrono::steady_clock::now() < deadline) {
        if (allocate_code(server, credentials) == expected) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return false;
}

Credentials rest_credentials(const std::string& secret, const std::string& user) {
    const std::string name = auth::make_rest_username(std::time(nullptr) + 3600, user, ':');
    return {name, auth::rest_password(secret, name)};
}

}  // namespace

TEST_CASE("a user and a secret added with turnadmin while turnserver runs are accepted, and refused once removed",
          "[userdb]") {
    const std::string db = new_db_path();
    ServerProcess server(db_server(db));
    const Credentials dave{"dave", "dave-pw"};
    const Credentials carol = rest_credentials("live-secret", "carol");
    CHECK(allocate_code(server, dave) == code(proto::StunError::Unauthorized));
    CHECK(allocate_code(server, carol) == code(proto::StunError::Unauthorized));

    admin({"-a", "-u", "dave", "-r", kRealm, "-p", "dave-pw"}, db);
    admin({"-s", "live-secret", "-r", kRealm}, db);
    CHECK(becomes(server, dave, 0));
    CHECK(becomes(server, carol, 0));

    admin({"-d", "-u", "dave", "-r", kRealm}, db);
    admin({"-X", "live-secret", "-r", kRealm}, db);
    CHECK(becomes(server, dave, code(proto::StunError::Unauthorized)));
    CHECK(becomes(server, carol, code(proto::StunError::Unauthorized)));
}

TEST_CASE("static users and static-auth-secret work alongside the database's", "[userdb]") {
    const std::string db = new_db_path();
    admin({"-a", "-u", "dave", "-r", kRealm, "-p", "dave-pw"}, db);
    admin({"-s", "db-secret", "-r", kRealm}, db);
    ServerProcess server(db_server(db, {std::string("user=") + kUser + ":" + kPassword, "static-auth-secret=conf-secret"}));
    CHECK(allocate_code(server, {kUser, kPassword}) == 0);
    CHECK(allocate_code(server, {"dave", "dave-pw"}) == 0);
    CHECK(allocate_code(server, rest_credentials("conf-secret", "carol")) == 0);
    CHECK(allocate_code(server, rest_credentials("db-secret", "carol")) == 0);
    CHECK(allocate_code(server, {"dave", "wrong"}) == code(proto::StunError::Unauthorized));
}

TEST_CASE("realm options from the database apply to new allocations while the server runs", "[userdb]") {
    const std::string db = new_db_path();
    admin({"-a", "-u", "dave", "-r", kRealm, "-p", "dave-pw"}, db);
    ServerProcess server(db_server(db));
    TurnClient first(server.address(), {"dave", "dave-pw"});
    require_allocation(first);
    admin({"-g", "-r", kRealm, "--user-quota", "1"}, db);
    // RFC 8656 §7.2: over the user's quota is 486.
    CHECK(becomes(server, {"dave", "dave-pw"}, code(proto::StunError::AllocationQuotaReached)));
    admin({"-g", "-r", kRealm, "--user-quota", "0"}, db);  // 0 removes the option
    CHECK(becomes(server, {"dave", "dave-pw"}, 0));
}

TEST_CASE("allowed_peer_ip rows in the database open peers while the server runs", "[userdb]") {
    const std::string db = new_db_path();
    admin({"-a", "-u", kUser, "-r", kRealm, "-p", kPassword}, db);
    ServerProcess server(db_server(db));
    const auto peer = *proto::TransportAddress::parse("127.0.0.1", 9);
    TurnClient client = client_of(server);
    require_allocation(client);
    REQUIRE(client.create_permission(peer)->error_code() == code(proto::StunError::Forbidden));
    {
        // coturn's turnadmin has no command for the peer lists; operators use SQL.
        auto store = auth::TurnDb::open(db, auth::OpenMode::ExistingOnly);
        REQUIRE(store.ok());
        REQUIRE(store->add_peer_ip(true, kRealm, "127.0.0.1").ok());
    }
    const auto deadline = std::chrono::steady_clock::now() + kPropagation;
    bool allowed = false;
    while (!allowed && std::chrono::steady_clock::now() < deadline) {
        allowed = client.create_permission(peer)->is_success();
        if (!allowed) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    CHECK(allowed);
}

TEST_CASE("a corrupt user database: a log line naming it, 500 for requests, and a clean shutdown", "[userdb]") {
    const std::string db = new_db_path();
    std::ofstream(db) << std::string(8192, 'x');
    ServerProcess server(db_server(db));
    // RFC 8489 §14.8: 500, the server cannot tell whether the credentials are good.
    CHECK(allocate_code(server, {"dave", "dave-pw"}) == code(proto::StunError::ServerError));
    const std::string log = server.log();
    CHECK(log.find(db) != std::string::npos);
    CHECK(log.find("not a database or corrupt") != std::string::npos);
}

TEST_CASE("a user database that becomes readable is picked up without a restart", "[userdb]") {
    const std::string db = new_db_path();
    std::ofstream(db) << std::string(8192, 'x');
    ServerProcess server(db_server(db));
    CHECK(allocate_code(server, {"dave", "dave-pw"}) == code(proto::StunError::ServerError));
    std::filesystem::remove(db);
    admin({"-a", "-u", "dave", "-r", kRealm, "-p", "dave-pw"}, db);
    CHECK(becomes(server, {"dave", "dave-pw"}, 0));
    CHECK(server.log().find("readable again") != std::string::npos);
}

TEST_CASE("a user database in a missing directory is reported and the server still answers", "[userdb]") {
    const std::string db = (scratch_dir() / "no-such-dir" / "turndb").string();
    ServerProcess server(db_server(db, {std::string("user=") + kUser + ":" + kPassword}));
    CHECK(allocate_code(server, {kUser, kPassword}) == 0);  // static users do not depend on it
    CHECK(allocate_code(server, {"dave", "dave-pw"}) == code(proto::StunError::ServerError));
    CHECK(server.log().find(db) != std::string::npos);
}

TEST_CASE("hostile user names and passwords added with turnadmin authenticate literally in turnserver", "[userdb]") {
    const std::string db = new_db_path();
    const std::vector<Credentials> hostile{{"o'brien", "pa'ss\"word"},
                                           {"x'); DROP TABLE turnusers_lt; --", "' OR '1'='1"},
                                           {"%s%n%x", "%s%s%s"},
                                           {std::string(500, 'n'), std::string(500, 'p')}};
    for (const auto& c : hostile) admin({"-a", "-u", c.username, "-r", kRealm, "-p", c.password}, db);
    ServerProcess server(db_server(db));
    for (const auto& c : hostile) {
        INFO(c.username.substr(0, 40));
        CHECK(allocate_code(server, c) == 0);
        CHECK(allocate_code(server, {c.username, c.password + "x"}) == code(proto::StunError::Unauthorized));
    }
    // An injection that had worked would have lost the table or matched everyone.
    CHECK(allocate_code(server, {"' OR '1'='1", "' OR '1'='1"}) == code(proto::StunError::Unauthorized));
    const ToolRun listed = run_our_turnadmin({"-l", "-b", db});
    REQUIRE(listed.status.clean());
    for (const auto& c : hostile) CHECK(listed.output.find(c.username + "[" + kRealm + "]") != std::string::npos);
}
