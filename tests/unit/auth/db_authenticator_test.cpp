// The user database's users and secrets next to the configured ones, as the
// relay threads see them: through the last snapshot the auth thread published.
#include <catch2/catch.hpp>

#include "auth/authenticator.hpp"
#include "auth/bytes.hpp"
#include "key_helpers.hpp"
#include "temp_dir.hpp"

using namespace turn::auth;
using namespace turn::test;
using turn::test::TempDir;

namespace {

struct Fixture {
    std::shared_ptr<DbCredentialSource> source = std::make_shared<DbCredentialSource>();
    Authenticator auth = make();

    Authenticator make() {
        AuthConfig c;
        c.realm = std::string(kRealm);
        std::vector<std::string> users{"alice:static-pw"};
        c.static_users = std::move(*load_static_users(users, kRealm));
        c.rest_secrets = {"conf-secret"};
        c.use_auth_secret = true;
        c.db = source;
        return std::move(*Authenticator::create(std::move(c)));
    }

    void publish(std::vector<std::pair<std::string, std::string>> users, std::vector<std::string> secrets) {
        auto c = std::make_shared<DbCredentials>();
        for (const auto& [name, password] : users) c->users.emplace(name, md5_key(name, password));
        c->secrets = std::move(secrets);
        source->publish(std::move(c));
    }
};

}  // namespace

TEST_CASE("a database user is found by name with the key turnadmin stored") {
    Fixture f;
    f.publish({{"dave", "dave-pw"}}, {});
    const auto keys = f.auth.candidate_keys("dave", kNow);
    REQUIRE(keys.size() == 1);
    CHECK(keys[0] == md5_key("dave", "dave-pw"));
    CHECK(f.auth.candidate_keys("erin", kNow).empty());
    CHECK_FALSE(f.auth.db_unavailable());
}

TEST_CASE("a static user shadows a database user of the same name") {
    Fixture f;
    f.publish({{"alice", "db-pw"}}, {});
    const auto keys = f.auth.candidate_keys("alice", kNow);
    REQUIRE(keys.size() == 1);
    CHECK(keys[0] == md5_key("alice", "static-pw"));
}

TEST_CASE("REST passwords from configured and database secrets both verify") {
    Fixture f;
    f.publish({}, {"db-secret"});
    const std::string user = make_rest_username(kNow + 60, "carol", ':');
    const auto keys = f.auth.candidate_keys(user, kNow);
    CHECK(contains(keys, md5_key(user, rest_password("conf-secret", user))));
    CHECK(contains(keys, md5_key(user, rest_password("db-secret", user))));
}

TEST_CASE("more database secrets than keys fit are cut at the capacity, never overflowing") {
    Fixture f;
    std::vector<std::string> secrets;
    for (int i = 0; i < 50; ++i) secrets.push_back("s" + std::to_string(i));
    f.publish({}, secrets);
    const std::string user = make_rest_username(kNow + 60, "carol", ':');
    CHECK(f.auth.candidate_keys(user, kNow).size() == CandidateKeys::kCapacity);
}

TEST_CASE("before the first read, and while the database fails, its keys are not used and it says so") {
    Fixture f;
    CHECK(f.auth.db_unavailable());
    CHECK(f.auth.candidate_keys("alice", kNow).size() == 1);  // static users still work
    f.publish({{"dave", "dave-pw"}}, {});
    CHECK(f.auth.candidate_keys("dave", kNow).size() == 1);
    f.source->set_unavailable();
    CHECK(f.auth.db_unavailable());
    CHECK(f.auth.candidate_keys("dave", kNow).empty());
}

TEST_CASE("a users change is seen by the next lookup after it is published") {
    Fixture f;
    f.publish({{"dave", "dave-pw"}}, {});
    CHECK(f.auth.candidate_keys("dave", kNow).size() == 1);
    f.publish({}, {});
    CHECK(f.auth.candidate_keys("dave", kNow).empty());
}

TEST_CASE("database users are found by USERHASH, and only sign with MD5") {
    Fixture f;
    auto c = std::make_shared<DbCredentials>();
    c->users.emplace("dave", md5_key("dave", "dave-pw"));
    c->userhashes.add("dave", kRealm);
    f.source->publish(std::move(c));
    CHECK(f.auth.user_by_userhash(turn::proto::compute_userhash("dave", kRealm)) == "dave");
    CHECK(f.auth.user_by_userhash(turn::proto::compute_userhash("alice", kRealm)) == "alice");  // static
    CHECK_FALSE(f.auth.user_by_userhash(turn::proto::compute_userhash("erin", kRealm)));
    CHECK(f.auth.candidate_keys("dave", kNow, turn::proto::PasswordAlgorithmId::Sha256).empty());
    f.source->set_unavailable();
    CHECK_FALSE(f.auth.user_by_userhash(turn::proto::compute_userhash("dave", kRealm)));
}

TEST_CASE("with database users (or a database not read yet) MD5 is offered first") {
    Fixture f;
    CHECK(f.auth.challenge_offer().algorithms == AlgorithmOffer::Md5First);  // not read yet
    f.publish({}, {"db-secret"});
    CHECK(f.auth.challenge_offer().algorithms == AlgorithmOffer::Sha256First);  // secrets only
    f.publish({{"dave", "dave-pw"}}, {});
    CHECK(f.auth.challenge_offer().algorithms == AlgorithmOffer::Md5First);
}

TEST_CASE("reading a real database indexes each usable user's USERHASH of the realm") {
    TempDir dir;
    auto db = TurnDb::open(dir.file("turndb").string(), OpenMode::CreateIfMissing);
    REQUIRE(db.ok());
    REQUIRE(db->add_user(kRealm, "dave", turn::auth::hex_encode(md5_key("dave", "dave-pw").view())).ok());
    REQUIRE(db->add_user(kRealm, "erin", "not-a-key").ok());
    REQUIRE(db->add_user("other.org", "frank", turn::auth::hex_encode(md5_key("frank", "pw").view())).ok());
    const auto c = load_db_credentials(*db, kRealm);
    REQUIRE(c.ok());
    CHECK(c->userhashes.size() == 1);
    CHECK(c->userhashes.find(turn::proto::compute_userhash("dave", kRealm)) == "dave");
    CHECK_FALSE(c->userhashes.find(turn::proto::compute_userhash("erin", kRealm)));  // skipped row
    CHECK_FALSE(c->userhashes.find(turn::proto::compute_userhash("frank", "other.org")));
}
