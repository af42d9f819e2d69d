// RFC 7635 third-party authorization against the real turnserver: AS-RS keys
// in the SQLite store (written by turnadmin, read by the auth thread), the
// project's client allocating and relaying with an access token, and bad
// tokens answered 401 (§9) without harm to the server.
#include <catch2/catch.hpp>

#include <array>
#include <ctime>
#include <thread>

#include "auth/turn_db.hpp"
#include "fixtures.hpp"
#include "oauth_store.hpp"
#include "round_trips.hpp"

using namespace turn;
using namespace turn::itest;
using namespace turn::proto;

namespace {

constexpr const TestOAuthKey& kNorth = kCoturnOAuthKeys[0];
constexpr const TestOAuthKey& kUnion = kCoturnOAuthKeys[1];

// The server re-reads the database every second; room for a loaded machine.
constexpr auto kPropagation = std::chrono::seconds(6);

TurnClient oauth_client(const ServerProcess& server, OAuthCredentials credentials) {
    TurnClient client(server.address());
    client.use_oauth(std::move(credentials));
    return client;
}

// A token sealed as the client would seal it, to be damaged by a test.
Bytes sealed_token(const OAuthCredentials& c) {
    auth::TokenContents t{c.mac_key, static_cast<std::uint64_t>(std::time(nullptr)) << 16, c.lifetime};
    const std::array<std::uint8_t, auth::kGcmNonceSize> nonce{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    auto token = auth::encode_access_token(t, c.as_rs_key, c.server_name, nonce);
    REQUIRE(token);
    return *token;
}

// The Allocate of a fresh client with `c`: its answer after the 401 dance.
StunReply allocate_with(const ServerProcess& server, OAuthCredentials c) {
    TurnClient client = oauth_client(server, std::move(c));
    auto reply = client.allocate();
    REQUIRE(reply);
    return *reply;
}

void require_refused(const ServerProcess& server, OAuthCredentials c) {
    const StunReply reply = allocate_with(server, std::move(c));
    CHECK(reply.error_code() == code(StunError::Unauthorized));
    // RFC 7635 §6.1: still told where tokens come from, so it can get a new one.
    const auto server_name = reply.get<ThirdPartyAuthorization>();
    REQUIRE(server_name);
    CHECK(std::string(server_name->value.begin(), server_name->value.end()) == kOAuthServerName);
}

bool allocate_succeeds(const ServerProcess& server, const TestOAuthKey& key) {
    return allocate_with(server, oauth_credentials(key)).is_success();
}

bool becomes(const ServerProcess& server, const TestOAuthKey& key, bool allowed) {
    const auto deadline = std::chrono::steady_clock::now() + kPropagation;
    while (std::chrono::steady_clock::now() < deadline) {
        if (allocate_succeeds(server, key) == allowed) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return false;
}

}  // namespace

TEST_CASE("a client with an access token allocates and relays, every answer signed with the token's session key",
          "[oauth]") {
    ServerProcess server(oauth_server(oauth_db()));
    TurnClient client = oauth_client(server, oauth_credentials(kNorth));
    const auto relayed = require_allocation(client);
    CHECK(client.third_party_server() == kOAuthServerName);
    // CreatePermission, ChannelBind and Refresh: the first two carry no token
    // (the session key alone), Refresh a fresh one.
    UdpEndpoint peer;
    require_indication_round_trip(client, peer, relayed);
    require_channel_round_trip(client, peer, relayed, 0x4001);
    const auto refreshed = client.refresh(600);
    REQUIRE(refreshed);
    CHECK(refreshed->is_success());
    CHECK(refreshed->integrity == IntegrityStatus::Valid);
}

TEST_CASE("an A128GCM key works too, and a token may ride in every request", "[oauth]") {
    ServerProcess server(oauth_server(oauth_db()));
    OAuthCredentials c = oauth_credentials(kUnion);
    c.token_in_every_request = true;
    TurnClient client = oauth_client(server, c);
    const auto relayed = require_allocation(client);
    UdpEndpoint peer;
    require_indication_round_trip(client, peer, relayed);
}

TEST_CASE("without server-name the realm names the server, and the client learns it from the 401", "[oauth]") {
    ServerConfig config = oauth_server(oauth_db());
    std::erase(config.lines, std::string("server-name=") + kOAuthServerName);
    ServerProcess server(config);
    OAuthCredentials c = oauth_credentials(kNorth);
    c.server_name.clear();  // take THIRD-PARTY-AUTHORIZATION's
    TurnClient client = oauth_client(server, c);
    require_allocation(client);
    CHECK(client.third_party_server() == kRealm);
}

TEST_CASE("bad access tokens are refused with 401, and the server goes on serving", "[oauth]") {
    ServerProcess server(oauth_server(oauth_db()));
    const OAuthCredentials good = oauth_credentials(kNorth);
    SECTION("a kid the store does not have") {
        OAuthCredentials c = good;
        c.kid = "nobody";
        require_refused(server, c);
    }
    SECTION("a nonce_length that runs past the end of the token") {
        OAuthCredentials c = good;
        c.raw_token = sealed_token(c);
        (*c.raw_token)[0] = 0xFF;
        (*c.raw_token)[1] = 0xFF;
        require_refused(server, c);
    }
    SECTION("a token cut short inside its encrypted block, and an empty one") {
        OAuthCredentials c = good;
        c.raw_token = sealed_token(c);
        c.raw_token->resize(24);
        require_refused(server, c);
        c.raw_token->clear();
        require_refused(server, c);
    }
    SECTION("a token whose tag does not verify") {
        OAuthCredentials c = good;
        c.raw_token = sealed_token(c);
        c.raw_token->back() ^= 0x40;
        require_refused(server, c);
    }
    SECTION("a token sealed for another server name") {
        OAuthCredentials c = good;
        c.server_name = "elsewhere.example";
        require_refused(server, c);
    }
    SECTION("an expired token") {
        OAuthCredentials c = good;
        c.issued_at = std::time(nullptr) - 7200;
        c.lifetime = 600;
        require_refused(server, c);
    }
    CHECK(allocate_succeeds(server, kNorth));
}

TEST_CASE("oauth keys added and deleted with turnadmin while the server runs apply without a restart", "[oauth]") {
    const std::string db = oauth_db(std::span(kCoturnOAuthKeys, 1));
    ServerProcess server(oauth_server(db));
    CHECK(allocate_succeeds(server, kNorth));
    CHECK_FALSE(allocate_succeeds(server, kUnion));
    add_oauth_key(db, kUnion);
    CHECK(becomes(server, kUnion, true));
    delete_oauth_key(db, kNorth.kid);
    CHECK(becomes(server, kNorth, false));
}

TEST_CASE("long-term users keep working next to oauth, and 401s name the server for them too", "[oauth]") {
    ServerProcess server(oauth_server(oauth_db(), {"lt-cred-mech", std::string("user=") + kUser + ":" + kPassword}));
    TurnClient client = client_of(server);
    require_allocation(client);
    const auto first = TurnClient(server.address(), {kUser, kPassword}).request_once(Method::Allocate, [](auto& b) {
        b.add(RequestedTransport{RequestedTransport::kUdp});
    });
    REQUIRE(first);
    CHECK(first->error_code() == code(StunError::Unauthorized));
    CHECK(first->get<ThirdPartyAuthorization>());
}

TEST_CASE("an oauth_key row written by hand that cannot be used is skipped and counted, the others work", "[oauth]") {
    const std::string db = oauth_db(std::span(kCoturnOAuthKeys, 1));
    {
        // Operators of coturn write these rows with SQL; the schema takes anything.
        auto store = auth::TurnDb::open(db, auth::OpenMode::ExistingOnly);
        REQUIRE(store);
        REQUIRE(store->add_oauth_key({"broken", "not base64", 0, 0, "A256GCM", ""}));
        REQUIRE(store->add_oauth_key({"rot13", kUnion.ikm_key, 0, 0, "ROT13", ""}));
    }
    ServerProcess server(oauth_server(db));
    CHECK(server.log_shows("1 oauth keys, 2 unusable rows skipped", kPropagation));
    CHECK(allocate_succeeds(server, kNorth));
    TestOAuthKey broken = kNorth;
    broken.kid = "broken";
    require_refused(server, oauth_credentials(broken));
}
