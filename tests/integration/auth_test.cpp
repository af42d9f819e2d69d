// The long-term credential mechanism end to end (RFC 8489 §9.2, RFC 8656 §5)
// and TURN REST API credentials (draft-uberti-behave-turn-rest-00 §2.2).
#include <catch2/catch.hpp>

#include <ctime>
#include <thread>

#include "auth/rest_api.hpp"
#include "fixtures.hpp"

using namespace turn;
using namespace turn::itest;
using namespace turn::proto;

namespace {

constexpr const char* kRestSecret = "itest-rest-secret";

ServerConfig rest_config() {
    return {{"use-auth-secret", std::string("static-auth-secret=") + kRestSecret, std::string("realm=") + kRealm}};
}

}  // namespace

TEST_CASE("an Allocate without credentials gets 401 with REALM and NONCE") {
    ServerProcess server(auth_with({}));
    TurnClient anonymous(server.address());
    const auto reply = anonymous.allocate();
    REQUIRE(reply);
    CHECK(reply->error_code() == code(StunError::Unauthorized));
    const auto realm = reply->get<Realm>();
    REQUIRE(realm);
    CHECK(realm->value == kRealm);
    const auto nonce = reply->get<Nonce>();
    REQUIRE(nonce);
    CHECK_FALSE(nonce->value.empty());
}

TEST_CASE("an Allocate with the wrong password gets 401 after the retry with MESSAGE-INTEGRITY") {
    ServerProcess server(auth_with({}));
    TurnClient intruder(server.address(), {kUser, "not-the-password"});
    const auto reply = intruder.allocate();
    REQUIRE(reply);
    CHECK_FALSE(intruder.nonce().empty());  // so the last attempt carried integrity
    CHECK(reply->error_code() == code(StunError::Unauthorized));
    CHECK(reply->integrity == IntegrityStatus::Missing);  // RFC 8489 §9.2.4: no key to sign with
}

TEST_CASE("answers to an RFC 5389 client's requests carry MESSAGE-INTEGRITY made with the request's key, and only it") {
    ServerProcess server(auth_with({"allow-loopback-peers"}));
    TurnClient client = client_of(server);  // USERNAME, the MD5 key, MESSAGE-INTEGRITY, nothing of RFC 8489
    const auto allocated = client.allocate();
    REQUIRE(allocated);
    REQUIRE(allocated->is_success());
    CHECK(allocated->integrity == IntegrityStatus::Valid);
    // RFC 8489 §9.2.4: a request with neither PASSWORD-ALGORITHM nor
    // PASSWORD-ALGORITHMS is processed, and answered, as before.
    CHECK(allocated->message().has(AttrType::MessageIntegrity));
    CHECK_FALSE(allocated->message().has(AttrType::MessageIntegritySha256));
    const auto permitted = client.create_permission(ip_port("127.0.0.1", 9));
    REQUIRE(permitted);
    REQUIRE(permitted->is_success());
    CHECK(permitted->integrity == IntegrityStatus::Valid);
    const auto mismatch = client.allocate();
    REQUIRE(mismatch);
    REQUIRE(mismatch->error_code() == code(StunError::AllocationMismatch));
    CHECK(mismatch->integrity == IntegrityStatus::Valid);
}

TEST_CASE("a nonce older than stale-nonce gets 438 with a new NONCE, and the new nonce works") {
    ServerProcess server(auth_with({"stale-nonce=1"}));
    TurnClient client = client_of(server);
    require_allocation(client);
    const std::string old_nonce = client.nonce();
    // RFC 8489 §9.2.4: the nonce is stale once older than its lifetime (1 s
    // here, compared in whole seconds), so 2.1 s is always past it.
    std::this_thread::sleep_for(2100ms);
    const auto stale = client.request_once(Method::Refresh);
    REQUIRE(stale);
    CHECK(stale->error_code() == code(StunError::StaleNonce));
    REQUIRE(stale->get<Nonce>());
    CHECK(client.nonce() != old_nonce);
    const auto retried = client.request_once(Method::Refresh);
    REQUIRE(retried);
    CHECK(retried->is_success());
}

TEST_CASE("REST API: username expiry:user with password base64(HMAC-SHA1(secret, username)) allocates") {
    ServerProcess server(rest_config());
    const std::string username = auth::make_rest_username(std::time(nullptr) + 3600, "bob", ':');
    TurnClient client(server.address(), {username, auth::rest_password(kRestSecret, username)});
    require_allocation(client);
}

TEST_CASE("REST API: an expired username gets 401") {
    ServerProcess server(rest_config());
    const std::string username = auth::make_rest_username(std::time(nullptr) - 60, "bob", ':');
    TurnClient client(server.address(), {username, auth::rest_password(kRestSecret, username)});
    const auto reply = client.allocate();
    REQUIRE(reply);
    CHECK(reply->error_code() == code(StunError::Unauthorized));
}

TEST_CASE("REST API: a password made with another secret gets 401") {
    ServerProcess server(rest_config());
    const std::string username = auth::make_rest_username(std::time(nullptr) + 3600, "bob", ':');
    TurnClient client(server.address(), {username, auth::rest_password("some-other-secret", username)});
    const auto reply = client.allocate();
    REQUIRE(reply);
    CHECK(reply->error_code() == code(StunError::Unauthorized));
}

TEST_CASE("REST API: user-quota counts the user, not each expiry:user username") {
    auto config = rest_config();
    config.lines.push_back("user-quota=1");
    ServerProcess server(config);
    // coturn counts quotas under the name after the expiry (its
    // get_real_username), so a client cannot evade user-quota by asking its
    // REST service for usernames with other expiry times.
    auto rest_client = [&](std::int64_t expiry, const char* user) {
        const std::string username = auth::make_rest_username(expiry, user, ':');
        return TurnClient(server.address(), {username, auth::rest_password(kRestSecret, username)});
    };
    const std::int64_t expiry = std::time(nullptr) + 3600;
    TurnClient first = rest_client(expiry, "bob");
    require_allocation(first);
    TurnClient same_user = rest_client(expiry + 1, "bob");
    const auto reply = same_user.allocate();
    REQUIRE(reply);
    CHECK(reply->error_code() == code(StunError::AllocationQuotaReached));
    TurnClient other_user = rest_client(expiry + 1, "carol");
    require_allocation(other_user);
}
