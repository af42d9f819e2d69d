// The ICE servers handed to browsers: turnserver's URLs and TURN REST
// credentials that turnserver accepts.
#include <catch2/catch.hpp>

#include "auth/rest_api.hpp"
#include "server/config/load_config.hpp"
#include "tests/unit/signaling/config_text.hpp"
#include "signaling/ice_servers.hpp"
#include "signaling/json_writer.hpp"

using namespace turn;
using namespace turn::signaling;
using turn::signaling::test::config_of;

namespace {

std::vector<std::string> urls_of(const json::Value& servers) {
    std::vector<std::string> out;
    for (const auto& u : *servers.as_array()->at(0).find("urls")->as_array()) out.push_back(*u.as_string());
    return out;
}

}  // namespace

TEST_CASE("ICE servers: turn over UDP and TCP on listening-port, turns on tls-listening-port with a certificate") {
    IceSettings s = ice_settings(config_of("listening-ip=192.0.2.1\nlistening-port=3478\ntls-listening-port=5349\n"
                                           "cert=/c.pem\nstatic-auth-secret=s\nuse-auth-secret\n"));
    CHECK(urls_of(ice_servers(s, "ignored", "u", 0)) ==
          std::vector<std::string>{"turn:192.0.2.1:3478?transport=udp", "turn:192.0.2.1:3478?transport=tcp",
                                   "turns:192.0.2.1:5349?transport=tcp"});
}

TEST_CASE("ICE servers: no turns: URL without TLS, none for a transport that is off") {
    CHECK(urls_of(ice_servers(ice_settings(config_of("listening-ip=192.0.2.1\n")), "", "u", 0)) ==
          std::vector<std::string>{"turn:192.0.2.1:3478?transport=udp", "turn:192.0.2.1:3478?transport=tcp"});
    CHECK(urls_of(ice_servers(ice_settings(config_of("listening-ip=192.0.2.1\ncert=/c.pem\nno-tls\nno-udp\n")), "", "u",
                              0)) == std::vector<std::string>{"turn:192.0.2.1:3478?transport=tcp"});
}

TEST_CASE("ICE servers: the TURN host is signaling-turn-host, external-ip, listening-ip, or the request's host") {
    CHECK(ice_settings(config_of("signaling-turn-host=turn.example.org\nexternal-ip=203.0.113.5\n")).turn_host ==
          "turn.example.org");
    CHECK(ice_settings(config_of("external-ip=203.0.113.5/10.0.0.5\nlistening-ip=10.0.0.5\n")).turn_host == "203.0.113.5");
    CHECK(ice_settings(config_of("listening-ip=0.0.0.0\nlistening-ip=2001:db8::1\n")).turn_host == "[2001:db8::1]");
    const IceSettings wildcard = ice_settings(config_of("listening-ip=0.0.0.0\n"));
    CHECK(wildcard.turn_host.empty());
    CHECK(urls_of(ice_servers(wildcard, "example.org", "u", 0)).front() == "turn:example.org:3478?transport=udp");
    CHECK(urls_of(ice_servers(wildcard, "[::1]", "u", 0)).front() == "turn:[::1]:3478?transport=udp");
}

TEST_CASE("ICE servers: credentials are a REST username expiring ttl from now and its HMAC") {
    const IceSettings s = ice_settings(config_of("listening-ip=127.0.0.1\nstatic-auth-secret=north\nstatic-auth-secret=other\n"
                                                 "use-auth-secret\nsignaling-credential-ttl=600\n"));
    const json::Value doc = ice_servers_document(s, "", "alice", 1699999400);
    const json::Value& server = doc.find("iceServers")->as_array()->at(0);
    CHECK(*server.find("username")->as_string() == "1700000000:alice");
    // The same value rest_api_test.cpp checks against openssl's output.
    CHECK(*server.find("credential")->as_string() == "Cd/49soE35ICqcJF/bCTn8Z4OyE=");
    CHECK(doc.find("ttl")->as_number()->text == "600");
    CHECK(json::write(doc).starts_with(R"({"iceServers":[{"urls":["turn:127.0.0.1:3478?transport=udp",)"));
}

TEST_CASE("ICE servers: the REST separator follows rest-api-separator") {
    const IceSettings s = ice_settings(config_of("static-auth-secret=north\nrest-api-separator=-\n"));
    const json::Value servers = ice_servers(s, "h", "alice", 100);
    CHECK(*servers.as_array()->at(0).find("username")->as_string() == auth::make_rest_username(3700, "alice", '-'));
}

TEST_CASE("ICE servers: without a secret there are URLs and no credentials") {
    const json::Value servers = ice_servers(ice_settings(config_of("no-auth\n")), "h", "u", 0);
    const json::Value& server = servers.as_array()->at(0);
    CHECK(server.find("urls") != nullptr);
    CHECK(server.find("username") == nullptr);
    CHECK(server.find("credential") == nullptr);
}
