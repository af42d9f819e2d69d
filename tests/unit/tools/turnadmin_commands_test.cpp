// turnadmin's commands against a temporary database: coturn's output
// formats, coturn's stored key (hex of MD5(user:realm:password)), exit codes,
// and hostile input stored literally or refused with a message.
#include <catch2/catch.hpp>

#include <sstream>
#include <vector>

#include "admin_commands.hpp"
#include "auth/admin_password.hpp"
#include "auth/turn_db.hpp"
#include "temp_dir.hpp"

using namespace turn::admin;
using turn::test::TempDir;

namespace {

struct Run {
    ExitCode code;
    std::string out;
    std::string err;
};

Run admin(std::vector<std::string> args) {
    std::vector<std::string_view> views(args.begin(), args.end());
    std::ostringstream out, err;
    const ExitCode code = turnadmin_main(views, {out, err});
    return {code, out.str(), err.str()};
}

struct Db {
    TempDir dir;
    std::string path = dir.file("turndb").string();
    Run run(std::vector<std::string> args) {
        args.push_back("-b");
        args.push_back(path);
        return admin(std::move(args));
    }
};

}  // namespace

TEST_CASE("turnadmin -k prints 0x and the hex MD5 of user:realm:password") {
    // printf %s 'alice:example.org:secret' | md5sum, and coturn's turnadmin -k
    const auto r = admin({"-k", "-u", "alice", "-r", "example.org", "-p", "secret"});
    CHECK(r.code == ExitCode::Ok);
    CHECK(r.out == "0x543e1aec5d3614f03141652d6ada51b2\n");
}

TEST_CASE("turnadmin -a stores the key as coturn does, -l lists name[realm], -d removes") {
    Db db;
    CHECK(db.run({"-a", "-u", "alice", "-r", "example.org", "-p", "secret"}).code == ExitCode::Ok);
    CHECK(db.run({"-a", "-u", "bob", "-r", "other.org", "-p", "pw"}).code == ExitCode::Ok);
    auto store = turn::auth::TurnDb::open(db.path, turn::auth::OpenMode::ExistingOnly);
    REQUIRE(store.ok());
    CHECK(*store->user_key("example.org", "alice") == std::optional<std::string>("543e1aec5d3614f03141652d6ada51b2"));
    CHECK(db.run({"-l"}).out == "alice[example.org]\nbob[other.org]\n");
    CHECK(db.run({"-l", "-r", "other.org"}).out == "bob[other.org]\n");
    CHECK(db.run({"-d", "-u", "alice", "-r", "example.org"}).code == ExitCode::Ok);
    CHECK(db.run({"-l"}).out == "bob[other.org]\n");
}

TEST_CASE("deleting what is not there is exit code 3 with a message") {
    Db db;
    auto r = db.run({"-d", "-u", "ghost", "-r", "example.org"});
    CHECK(r.code == ExitCode::NotFound);
    CHECK(r.err.find("ghost") != std::string::npos);
    CHECK(db.run({"-X", "nope", "-r", "example.org"}).code == ExitCode::NotFound);
    CHECK(db.run({"-D", "-u", "nobody"}).code == ExitCode::NotFound);
}

TEST_CASE("missing arguments are exit code 1 and say what is missing") {
    Db db;
    auto r = db.run({"-a", "-u", "alice", "-r", "example.org"});
    CHECK(r.code == ExitCode::Usage);
    CHECK(r.err.find("password must be set") != std::string::npos);
    CHECK(db.run({"-a", "-u", "alice", "-p", "x"}).err.find("realm must be set") != std::string::npos);
    CHECK(db.run({"-s", "secret"}).code == ExitCode::Usage);
    CHECK(db.run({"-g", "-r", "r"}).err.find("realm option must be set") != std::string::npos);
}

TEST_CASE("an unopenable database is exit code 2 naming the file") {
    TempDir dir;
    const std::string path = dir.file("missing-dir/turndb").string();
    auto r = admin({"-l", "-b", path});
    CHECK(r.code == ExitCode::Database);
    CHECK(r.err.find(path) != std::string::npos);
}

TEST_CASE("secrets: -s adds, -S lists secret[realm], -X and --delete-all-secrets remove") {
    Db db;
    CHECK(db.run({"-s", "s3cr3t", "-r", "example.org"}).code == ExitCode::Ok);
    CHECK(db.run({"--set-secret=zz", "-r", "other.org"}).code == ExitCode::Ok);
    CHECK(db.run({"-S"}).out == "s3cr3t[example.org]\nzz[other.org]\n");
    CHECK(db.run({"-S", "-r", "other.org"}).out == "zz[other.org]\n");
    CHECK(db.run({"-X", "zz", "-r", "other.org"}).code == ExitCode::Ok);
    CHECK(db.run({"--delete-all-secrets"}).code == ExitCode::Ok);
    CHECK(db.run({"-S"}).out.empty());
}

TEST_CASE("admins, origins and realm options in coturn's formats") {
    Db db;
    CHECK(db.run({"-A", "-u", "adm", "-r", "example.org", "-p", "apw"}).code == ExitCode::Ok);
    CHECK(db.run({"-A", "-u", "adm2", "-p", "apw2"}).code == ExitCode::Ok);
    CHECK(db.run({"-L"}).out == "adm2\nadm[example.org]\n");
    CHECK(db.run({"-O", "-o", "HTTPS://Foo.Example", "-r", "r2"}).code == ExitCode::Ok);
    CHECK(db.run({"-O", "-o", "http://o.example", "-r", "example.org"}).code == ExitCode::Ok);
    CHECK(db.run({"-I"}).out == "http://o.example:80 ==>> example.org\nhttps://foo.example:443 ==>> r2\n");
    CHECK(db.run({"-R", "-o", "https://foo.example"}).code == ExitCode::Ok);
    CHECK(db.run({"-g", "-r", "example.org", "--max-bps", "1000", "--user-quota", "3"}).code == ExitCode::Ok);
    CHECK(db.run({"-G"}).out == "max-bps[example.org]=1000\nuser-quota[example.org]=3\n");
    CHECK(db.run({"-g", "-r", "example.org", "--max-bps", "0"}).code == ExitCode::Ok);
    CHECK(db.run({"-G", "-r", "example.org"}).out == "user-quota[example.org]=3\n");
}

TEST_CASE("turnadmin -P prints coturn's $5$ form, which checks against the password") {
    const auto r = admin({"-P", "-p", "apw"});
    REQUIRE(r.code == ExitCode::Ok);
    const std::string hash = r.out.substr(0, r.out.size() - 1);
    CHECK(hash.starts_with("$5$"));
    CHECK(turn::auth::check_admin_password(hash, "apw"));
    CHECK(!turn::auth::check_admin_password(hash, "apx"));
    // coturn's turnadmin -A stored this for password "apw"
    CHECK(turn::auth::check_admin_password(
        "$5$64a8149b50ed9b90$0a5ae998d1b05215867678e01bde4586316469039ebf5c46fa8e5d10b44b9bfe", "apw"));
}

TEST_CASE("hostile names and passwords are stored literally and listed back as given") {
    Db db;
    const std::vector<std::string> hostile{"o'brien", "\"q\"", "%s%n%x", "x'); DROP TABLE turnusers_lt; --",
                                           "' OR '1'='1", std::string(512, 'n')};
    for (const auto& s : hostile) {
        REQUIRE(db.run({"-a", "-u", s, "-r", "example.org", "-p", s}).code == ExitCode::Ok);
        const auto key = admin({"-k", "-u", s, "-r", "example.org", "-p", s}).out;
        auto store = turn::auth::TurnDb::open(db.path, turn::auth::OpenMode::ExistingOnly);
        CHECK("0x" + store->user_key("example.org", s)->value_or("") + "\n" == key);
    }
    CHECK(db.run({"-s", "%s'; DELETE FROM turn_secret; --", "-r", "example.org"}).code == ExitCode::Ok);
    CHECK(db.run({"-S"}).out == "%s'; DELETE FROM turn_secret; --[example.org]\n");
    const auto listed = db.run({"-l", "-r", "example.org"}).out;
    for (const auto& s : hostile) CHECK(listed.find(s + "[example.org]\n") != std::string::npos);
}

TEST_CASE("names, passwords and realms a client could never send are refused, and nothing is written") {
    Db db;
    const std::vector<std::pair<std::string, std::string>> bad{
        {std::string(513, 'n'), "longer than 512 bytes"},
        {std::string("\xff\xfe", 2), "not valid UTF-8"},
        {std::string("a\nb"), "control character"},
        {"", "empty"},
    };
    for (const auto& [text, why] : bad) {
        auto as_user = db.run({"-a", "-u", text, "-r", "example.org", "-p", "pw"});
        CHECK(as_user.code == ExitCode::Usage);
        CHECK(as_user.err.find(why) != std::string::npos);
        CHECK(db.run({"-a", "-u", "u", "-r", "example.org", "-p", text}).code == ExitCode::Usage);
        CHECK(db.run({"-a", "-u", "u", "-r", text, "-p", "pw"}).code == ExitCode::Usage);
        CHECK(db.run({"-s", text, "-r", "example.org"}).code == ExitCode::Usage);
    }
    CHECK(db.run({"-a", "-u", "u", "-r", std::string(128, 'r'), "-p", "pw"}).err.find("127") != std::string::npos);
    CHECK(db.run({"-l"}).out.empty());
    CHECK(db.run({"-S"}).out.empty());
}

TEST_CASE("oauth keys: --add-oauth-key stores coturn's oauth_key row, --list-oauth-keys lists, --delete-oauth-key removes") {
    Db db;
    CHECK(db.run({"--add-oauth-key", "--auth-key-id", "north", "--auth-key",
                  "MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDEK", "-r", "crinna.org"})
              .code == ExitCode::Ok);
    CHECK(db.run({"--add-oauth-key", "--auth-key-id=union", "--auth-key=MTIzNDU2Nzg5MDEyMzQ1Ngo=",
                  "--auth-key-as-rs-alg=a128gcm", "--auth-key-timestamp", "1700000000", "--auth-key-lifetime",
                  "86400"})
              .code == ExitCode::Ok);
    auto store = turn::auth::TurnDb::open(db.path, turn::auth::OpenMode::ExistingOnly);
    REQUIRE(store.ok());
    const auto rows = store->oauth_keys();
    REQUIRE(rows.ok());
    REQUIRE(rows->size() == 2);
    // Stored as coturn's testsqldbsetup.sql writes it; the algorithm in coturn's spelling.
    CHECK(rows->at(0) == turn::auth::OAuthKeyRow{"north", "MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDEK", 0, 0,
                                                 "A256GCM", "crinna.org"});
    CHECK(rows->at(1).as_rs_alg == "A128GCM");
    CHECK(rows->at(1).lifetime == 86400);
    CHECK(db.run({"--list-oauth-keys"}).out ==
          "north[crinna.org] as_rs_alg=A256GCM ikm_key=MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDEK timestamp=0 "
          "lifetime=0\n"
          "union as_rs_alg=A128GCM ikm_key=MTIzNDU2Nzg5MDEyMzQ1Ngo= timestamp=1700000000 lifetime=86400\n");
    CHECK(db.run({"--delete-oauth-key", "--auth-key-id", "north"}).code == ExitCode::Ok);
    const auto gone = db.run({"--delete-oauth-key", "--auth-key-id", "north"});
    CHECK(gone.code == ExitCode::NotFound);
    CHECK(gone.err.find("north") != std::string::npos);
}

TEST_CASE("an oauth key the server could not use is refused with the reason, and nothing is written") {
    Db db;
    auto refused = [&](std::vector<std::string> args, std::string_view reason) {
        args.insert(args.begin(), "--add-oauth-key");
        const auto r = db.run(args);
        CHECK(r.code == ExitCode::Usage);
        CHECK(r.err.find(reason) != std::string::npos);
    };
    refused({"--auth-key", "MTIzNDU2Nzg5MDEyMzQ1Ngo="}, "--auth-key-id");
    refused({"--auth-key-id", "k"}, "--auth-key");
    refused({"--auth-key-id", "k", "--auth-key", "MTIz"}, "shorter");
    refused({"--auth-key-id", "k", "--auth-key", "***"}, "base64");
    refused({"--auth-key-id", "k", "--auth-key", "MTIzNDU2Nzg5MDEyMzQ1Ngo=", "--auth-key-as-rs-alg", "HS256"},
            "A256GCM or A128GCM");
    refused({"--auth-key-id", "tab\tkid", "--auth-key", "MTIzNDU2Nzg5MDEyMzQ1Ngo=", "--auth-key-as-rs-alg", "A128GCM"},
            "kid");
    refused({"--auth-key-id", "k", "--auth-key", "MTIzNDU2Nzg5MDEyMzQ1Ngo=", "--auth-key-as-rs-alg", "A128GCM",
             "--auth-key-lifetime", "9999999999999999999"},
            "too large");
    CHECK(db.run({"--add-oauth-key", "--auth-key-id", "k", "--auth-key-lifetime", "soon"}).code == ExitCode::Usage);
    CHECK(db.run({"--delete-oauth-key"}).code == ExitCode::Usage);
    CHECK(db.run({"--list-oauth-keys"}).out.empty());
}
