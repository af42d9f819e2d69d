// The user database's users and secrets next to the configured ones, as the
// relay threads see them: through the last snapshot the auth thread published.
#include <catch2/catch.hpp>

#include "auth/authenticator.hpp"
#include "key_helpers.hpp"

using namespace turn::auth;
using namespace turn::test;

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
