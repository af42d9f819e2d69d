// One turndb, two implementations (issue 5): a database written by coturn's
// turnadmin works in our turnserver, one written by our turnadmin works in
// coturn's turnserver, and both turnadmins list the same database the same
// way. Clients are coturn's turnutils_uclient throughout.
#include <catch2/catch.hpp>

#include "admin_tool.hpp"
#include "coturn_process.hpp"
#include "scratch.hpp"
#include "server_process.hpp"
#include "uclient.hpp"

using namespace turn::itest;

namespace {

// An empty file is an empty SQLite database: both turnadmins add the schema.
std::string new_db_path() { return new_scratch_file("turndb", ".sqlite").string(); }

void require_ok(const ToolRun& run) {
    INFO(run.output);
    REQUIRE_FALSE(run.timed_out);
    REQUIRE(run.status.clean());
}

// Our turnserver on `db`, with long-term users and the REST API both on.
ServerConfig our_server(const std::string& db) {
    return {{"lt-cred-mech", std::string("realm=") + kRealm, "use-auth-secret", "userdb=" + db, "allow-loopback-peers"},
            16,
            2};
}

void fill(ToolRun (*admin)(const std::vector<std::string>&), const std::string& db) {
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"-a", "-u", "dave", "-r", kRealm, "-p", "dave-pw"},
             {"-a", "-u", "erin", "-r", kRealm, "-p", "erin-pw"},
             {"-a", "-u", "zed", "-r", "other.example", "-p", "zed-pw"},
             {"-s", "db-secret", "-r", kRealm},
             {"-s", "other-secret", "-r", "other.example"},
             {"-A", "-u", "root", "-p", "admin-pw"},
             {"-A", "-u", "ops", "-r", kRealm, "-p", "ops-pw"},
             {"-O", "-o", "https://App.Example", "-r", kRealm},
             {"-g", "-r", kRealm, "--max-bps", "500000", "--total-quota", "100"},
         }) {
        auto with_db = args;
        with_db.insert(with_db.end(), {"-b", db});
        require_ok(admin(with_db));
    }
}

}  // namespace

TEST_CASE("a turndb filled by coturn's turnadmin authenticates users and REST secrets in our turnserver",
          "[coturn][userdb]") {
    const std::string db = new_db_path();
    fill(run_coturn_turnadmin, db);
    ServerProcess server(our_server(db));
    require_lossless_run(server.address().port, {"-u", "dave", "-w", "dave-pw", "-m", "2"});
    require_lossless_run(server.address().port, {"-W", "db-secret", "-u", "carol", "-m", "2"});
    require_refused_run(server.address().port, {"-u", "dave", "-w", "not-daves-pw"});
    require_refused_run(server.address().port, {"-u", "zed", "-w", "zed-pw"});  // another realm's user
    require_refused_run(server.address().port, {"-W", "other-secret", "-u", "carol"});
}

TEST_CASE("a turndb filled by our turnadmin authenticates users in coturn's turnserver", "[coturn][userdb]") {
    const std::string db = new_db_path();
    fill(run_our_turnadmin, db);
    CoturnServer coturn({"--lt-cred-mech", "--realm", kRealm, "-b", db, "--allow-loopback-peers"});
    INFO(coturn.log());
    require_lossless_run(coturn.port(), {"-u", "dave", "-w", "dave-pw", "-m", "2"});
    require_refused_run(coturn.port(), {"-u", "dave", "-w", "not-daves-pw"});
}

TEST_CASE("a turndb filled by our turnadmin gives coturn's turnserver its REST secrets", "[coturn][userdb]") {
    const std::string db = new_db_path();
    fill(run_our_turnadmin, db);
    // coturn takes REST credentials only, once use-auth-secret is on.
    CoturnServer coturn({"--use-auth-secret", "--realm", kRealm, "-b", db, "--allow-loopback-peers"});
    INFO(coturn.log());
    require_lossless_run(coturn.port(), {"-W", "db-secret", "-u", "carol", "-m", "2"});
    require_refused_run(coturn.port(), {"-W", "other-secret", "-u", "carol"});
}

TEST_CASE("our turnadmin lists a database exactly as coturn's does, whichever filled it", "[coturn][userdb]") {
    const std::vector<std::vector<std::string>> listings{
        {"-l"}, {"-l", "-r", kRealm}, {"-S"}, {"-S", "-r", "other.example"}, {"-L"}, {"-I"}, {"-G"},
        {"-G", "-r", kRealm}};
    for (auto filler : {run_coturn_turnadmin, run_our_turnadmin}) {
        const std::string db = new_db_path();
        fill(filler, db);
        for (auto args : listings) {
            args.insert(args.end(), {"-b", db});
            const ToolRun coturn = run_coturn_turnadmin(args);
            const ToolRun ours = run_our_turnadmin(args);
            INFO(args.front() << (args.size() > 3 ? " -r " + args[2] : ""));
            require_ok(coturn);
            require_ok(ours);
            CHECK(ours.output == coturn.output);
            CHECK_FALSE(ours.output.empty());
        }
    }
}

TEST_CASE("both turnadmins store the same key for the same user", "[coturn][userdb]") {
    const auto coturn = run_coturn_turnadmin({"-k", "-u", "dave", "-r", kRealm, "-p", "dave-pw"});
    const auto ours = run_our_turnadmin({"-k", "-u", "dave", "-r", kRealm, "-p", "dave-pw"});
    require_ok(coturn);
    require_ok(ours);
    CHECK(ours.output == coturn.output);
}
