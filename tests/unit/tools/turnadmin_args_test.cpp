// turnadmin's command line, as coturn's README.turnadmin describes it.
#include <catch2/catch.hpp>

#include <vector>

#include "admin_args.hpp"

using namespace turn::admin;

namespace {
turn::Result<AdminArgs, ArgError> parse(std::vector<std::string_view> args) { return parse_admin_args(args); }
}  // namespace

TEST_CASE("short options take their value as the next word or attached") {
    auto a = parse({"-a", "-b", "/tmp/db", "-ualice", "-r", "example.org", "-p", "s3cret"});
    REQUIRE(a.ok());
    CHECK(a->command == Command::AddUser);
    CHECK(*a->db == "/tmp/db");
    CHECK(*a->user == "alice");
    CHECK(*a->realm == "example.org");
    CHECK(*a->password == "s3cret");
}

TEST_CASE("long options take --name=value or --name value, and --db, --userdb are one option") {
    auto a = parse({"--add", "--userdb=/tmp/db", "--user", "alice", "--realm=r", "--password=p=q"});
    REQUIRE(a.ok());
    CHECK(*a->db == "/tmp/db");
    CHECK(*a->password == "p=q");  // only the first '=' separates
    CHECK(parse({"-l", "--db", "/x"})->db == "/x");
}

TEST_CASE("turnadmin -s and -X carry the secret, --delete-all-secrets is a command of its own") {
    CHECK(*parse({"-s", "top", "-r", "r"})->secret == "top");
    CHECK(parse({"--set-secret=top"})->command == Command::SetSecret);
    CHECK(parse({"-X", "top"})->command == Command::DeleteSecret);
    CHECK(parse({"--delete-all-secrets"})->command == Command::DeleteAllSecrets);
}

TEST_CASE("realm options are decimal numbers, anything else is refused by name") {
    auto a = parse({"-g", "-r", "r", "--max-bps", "1000", "--user-quota=0"});
    REQUIRE(a.ok());
    CHECK(*a->max_bps == 1000);
    CHECK(*a->user_quota == 0);
    CHECK(!a->total_quota);
    for (auto bad : {"-5", "1e3", "", "12abc", "99999999999999999999999"}) {
        auto r = parse({"-g", "--max-bps", bad});
        REQUIRE(!r.ok());
        CHECK(r.error().code == ArgErrorCode::BadNumber);
    }
}

TEST_CASE("command line mistakes are errors with a message naming the option") {
    struct Case {
        std::vector<std::string_view> args;
        ArgErrorCode code;
    };
    const std::vector<Case> cases{
        {{}, ArgErrorCode::NoCommand},
        {{"-b", "/tmp/db"}, ArgErrorCode::NoCommand},
        {{"-a", "-l"}, ArgErrorCode::TwoCommands},
        {{"-a", "-u"}, ArgErrorCode::MissingValue},
        {{"--list=yes"}, ArgErrorCode::UnexpectedValue},
        {{"-q"}, ArgErrorCode::UnknownOption},
        {{"--frobnicate"}, ArgErrorCode::UnknownOption},
        {{"-l", "stray"}, ArgErrorCode::StrayArgument},
        {{"-l", "--mysql-userdb", "host=x"}, ArgErrorCode::Unsupported},
        {{"-l", "-e", "host=x"}, ArgErrorCode::Unsupported},
    };
    for (const auto& c : cases) {
        auto r = parse(c.args);
        REQUIRE(!r.ok());
        CHECK(r.error().code == c.code);
        CHECK(!r.error().message().empty());
    }
}

TEST_CASE("the same command twice is still one command") {
    CHECK(parse({"-l", "--list"})->command == Command::ListUsers);
}
