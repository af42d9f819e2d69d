#include "oauth_store.hpp"

#include <catch2/catch.hpp>

#include "admin_tool.hpp"
#include "auth/oauth_key.hpp"
#include "scratch.hpp"

namespace turn::itest {
namespace {

void admin(std::vector<std::string> args, const std::string& db) {
    args.insert(args.end(), {"-b", db});
    const ToolRun run = run_our_turnadmin(args);
    INFO(run.output);
    REQUIRE(run.status.clean());
}

}  // namespace

void add_oauth_key(const std::string& db, const TestOAuthKey& key) {
    std::vector<std::string> args{"--add-oauth-key", "--auth-key-id", key.kid, "--auth-key", key.ikm_key,
                                  "--auth-key-as-rs-alg", key.as_rs_alg};
    if (*key.realm) args.insert(args.end(), {"-r", key.realm});
    admin(args, db);
}

void delete_oauth_key(const std::string& db, const std::string& kid) {
    admin({"--delete-oauth-key", "--auth-key-id", kid}, db);
}

std::string oauth_db(std::span<const TestOAuthKey> keys) {
    const std::string db = new_scratch_file("oauth-turndb", ".sqlite").string();
    for (const auto& k : keys) add_oauth_key(db, k);
    return db;
}

ServerConfig oauth_server(const std::string& db, std::vector<std::string> extra) {
    std::vector<std::string> lines{std::string("realm=") + kRealm, "oauth",
                                   std::string("server-name=") + kOAuthServerName, "userdb=" + db,
                                   "allow-loopback-peers"};
    lines.insert(lines.end(), extra.begin(), extra.end());
    return {lines, 16};
}

OAuthCredentials oauth_credentials(const TestOAuthKey& key, std::uint32_t lifetime) {
    auto k = auth::make_oauth_key({key.kid, key.ikm_key, 0, 0, key.as_rs_alg, key.realm});
    REQUIRE(k);
    OAuthCredentials c;
    c.kid = key.kid;
    c.as_rs_key = k->key;
    c.mac_key = random_mac_key();
    c.lifetime = lifetime;
    c.server_name = kOAuthServerName;
    return c;
}

}  // namespace turn::itest
