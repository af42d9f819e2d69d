// RFC 7635 test setup shared by the oauth tests: coturn's test AS-RS keys
// (the ones its turnutils_uclient -J carries, and its testsqldbsetup.sql
// inserts) written into a fresh user database by our turnadmin, a server
// that reads them, and the client credentials an authorization server would
// hand out for one of them.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "server_process.hpp"
#include "turn_client.hpp"

namespace turn::itest {

struct TestOAuthKey {
    const char* kid;
    const char* ikm_key;  // base64
    const char* as_rs_alg;
    const char* realm;
};

inline constexpr TestOAuthKey kCoturnOAuthKeys[] = {
    {"north", "MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDEK", "A256GCM", "crinna.org"},
    {"union", "MTIzNDU2Nzg5MDEyMzQ1Ngo=", "A128GCM", "north.gov"},
    {"oldempire", "MTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIK", "A256GCM", ""},
};

inline constexpr const char* kOAuthServerName = "turn.itest.example";

// `keys` added with turnadmin --add-oauth-key to a new database; its path.
std::string oauth_db(std::span<const TestOAuthKey> keys = kCoturnOAuthKeys);
void add_oauth_key(const std::string& db, const TestOAuthKey& key);
void delete_oauth_key(const std::string& db, const std::string& kid);

// oauth on with `db`, server-name kOAuthServerName, loopback peers allowed.
ServerConfig oauth_server(const std::string& db, std::vector<std::string> extra = {});

// What an authorization server hands a client for `key`: its kid, a fresh
// 20-byte session key, a token of `lifetime` seconds for kOAuthServerName.
OAuthCredentials oauth_credentials(const TestOAuthKey& key, std::uint32_t lifetime = 3600);

}  // namespace turn::itest
