// turnsignal's room protocol against the real binary: clients on raw
// WebSocket connections join, signal each other through it, and leave.
#include <catch2/catch.hpp>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <csignal>
#include <cstring>
#include <ctime>

#include "auth/base64.hpp"
#include "server_process.hpp"
#include "signal_process.hpp"
#include "turn_client.hpp"
#include "signaling/json_parser.hpp"
#include "signaling/json_writer.hpp"
#include "ws_test_client.hpp"

using namespace turn;
using namespace turn::itest;
using namespace turn::signaling;

namespace {

const json::Value& only_ice_server(const json::Value& servers) {
    REQUIRE(servers.as_array() != nullptr);
    REQUIRE(servers.as_array()->size() == 1);
    return servers.as_array()->front();
}

// base64(HMAC-SHA1(secret, username)), computed here with OpenSSL directly
// rather than with the code under test.
std::string expected_credential(std::string_view username) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha1(), kSignalSecret, static_cast<int>(std::strlen(kSignalSecret)),
         reinterpret_cast<const unsigned char*>(username.data()), username.size(), mac, &length);
    return auth::base64_encode({mac, length});
}

// The username is "<expiry>:<user>" with the expiry `ttl` from now; the
// credential its HMAC under the shared secret.
void check_rest_credentials(const json::Value& server, long ttl) {
    const std::string username = text_of(server, "username");
    const auto colon = username.find(':');
    REQUIRE(colon != std::string::npos);
    const long expiry = std::stol(username.substr(0, colon));
    const long now = static_cast<long>(std::time(nullptr));
    CHECK(expiry >= now + ttl - 5);
    CHECK(expiry <= now + ttl + 5);
    CHECK(username.size() > colon + 1);
    CHECK(text_of(server, "credential") == expected_credential(username));
}

std::vector<std::string> urls_of(const json::Value& server) {
    std::vector<std::string> out;
    for (const auto& u : *server.find("urls")->as_array()) out.push_back(*u.as_string());
    return out;
}

}  // namespace

TEST_CASE("turnsignal: two clients join a room and signal each other, with from stamped by the server") {
    SignalProcess signal;
    WsClient alice(signal.port());
    WsClient bob(signal.port());
    const json::Value alice_joined = join(alice, "room-1", "Alice");
    const std::string alice_id = text_of(alice_joined, "id");
    CHECK(text_of(alice_joined, "room") == "room-1");
    CHECK(alice_joined.find("peers")->as_array()->empty());

    const json::Value bob_joined = join(bob, "room-1", "Bob");
    const std::string bob_id = text_of(bob_joined, "id");
    CHECK(bob_id != alice_id);
    const auto& peers = *bob_joined.find("peers")->as_array();
    REQUIRE(peers.size() == 1);
    CHECK(text_of(peers[0], "id") == alice_id);
    CHECK(text_of(peers[0], "name") == "Alice");

    const json::Value peer_joined = alice.receive();
    CHECK(text_of(peer_joined, "type") == "peer-joined");
    CHECK(text_of(peer_joined, "id") == bob_id);
    CHECK(text_of(peer_joined, "name") == "Bob");

    const std::string offer = R"({"sdp":{"type":"offer","sdp":"v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n"}})";
    bob.send(R"({"type":"signal","to":")" + alice_id + R"(","from":"forged","data":)" + offer + "}");
    const json::Value relayed = alice.receive();
    CHECK(text_of(relayed, "type") == "signal");
    CHECK(text_of(relayed, "from") == bob_id);
    CHECK(*relayed.find("data") == *json::parse(offer));

    alice.send(R"({"type":"signal","to":")" + bob_id + R"(","data":{"candidate":"candidate:1 1 udp 1 127.0.0.1 9 typ host"}})");
    const json::Value answer = bob.receive();
    CHECK(text_of(answer, "from") == alice_id);
    CHECK(text_of(*answer.find("data"), "candidate").starts_with("candidate:1"));
}

TEST_CASE("turnsignal: a client cannot signal a peer in another room") {
    SignalProcess signal;
    WsClient a(signal.port());
    WsClient b(signal.port());
    join(a, "one");
    const std::string b_id = text_of(join(b, "two"), "id");
    a.send(R"({"type":"signal","to":")" + b_id + R"(","data":"hello"})");
    const json::Value error = a.receive();
    CHECK(text_of(error, "type") == "error");
    CHECK(text_of(error, "code") == "unknown-peer");
    CHECK_FALSE(b.next(300ms));  // nothing reached the other room
}

TEST_CASE("turnsignal: peer-left reaches the room when a client closes, leaves, or just vanishes") {
    SignalProcess signal;
    WsClient stays(signal.port());
    join(stays, "room");
    SECTION("a Close frame") {
        WsClient goes(signal.port());
        const std::string id = text_of(join(goes, "room"), "id");
        CHECK(text_of(stays.receive(), "type") == "peer-joined");
        goes.send_frame(ws::Opcode::Close, ws::close_payload(ws::CloseCode::Normal, "bye"));
        CHECK(goes.close_code() == 1000);  // the closing handshake is answered
        CHECK(goes.closed_within(2s));     // and the server closes the TCP connection (RFC 6455 7.1.1)
        const json::Value left = stays.receive();
        CHECK(text_of(left, "type") == "peer-left");
        CHECK(text_of(left, "id") == id);
    }
    SECTION("a leave message") {
        WsClient goes(signal.port());
        const std::string id = text_of(join(goes, "room"), "id");
        stays.receive();
        goes.send(R"({"type":"leave"})");
        CHECK(text_of(stays.receive(), "id") == id);
        join(goes, "elsewhere");  // still connected, free to join again
    }
    SECTION("the TCP connection drops") {
        std::string id;
        {
            WsClient goes(signal.port());
            id = text_of(join(goes, "room"), "id");
            stays.receive();
        }
        const json::Value left = stays.receive();
        CHECK(text_of(left, "type") == "peer-left");
        CHECK(text_of(left, "id") == id);
    }
}

TEST_CASE("turnsignal: a full room refuses the next client with room-full") {
    SignalProcess signal({{"signaling-room-size=2"}});
    WsClient a(signal.port());
    WsClient b(signal.port());
    WsClient c(signal.port());
    join(a, "small");
    join(b, "small");
    c.send(R"({"type":"join","room":"small","name":"late"})");
    const json::Value refused = c.receive();
    CHECK(text_of(refused, "type") == "error");
    CHECK(text_of(refused, "code") == "room-full");
    join(c, "other");  // the connection stays usable
}

TEST_CASE("turnsignal: /api/ice-servers hands out TURN REST credentials of the shared secret") {
    SignalProcess signal({{"signaling-credential-ttl=600"}});
    const HttpReply reply = http_get(signal.port(), "/api/ice-servers");
    REQUIRE(reply.status == 200);
    CHECK(reply.header("Content-Type") == std::optional<std::string_view>("application/json"));
    CHECK(reply.header("Cache-Control") == std::optional<std::string_view>("no-store"));
    const auto doc = json::parse(reply.body);
    REQUIRE(doc.ok());
    CHECK(doc->find("ttl")->as_number()->text == "600");
    const json::Value& server = only_ice_server(*doc->find("iceServers"));
    CHECK(urls_of(server) ==
          std::vector<std::string>{"turn:127.0.0.1:3478?transport=udp", "turn:127.0.0.1:3478?transport=tcp"});
    check_rest_credentials(server, 600);
}

TEST_CASE("turnsignal: joined carries ICE servers with credentials for the client's own id") {
    SignalProcess signal({{"tls-listening-port=5349", "cert=/nonexistent/cert.pem"}});
    WsClient client(signal.port());
    const json::Value joined = join(client, "room");
    const json::Value& server = only_ice_server(*joined.find("iceServers"));
    // A certificate in the config means turnserver serves TLS: turns: is offered.
    CHECK(urls_of(server).back() == "turns:127.0.0.1:5349?transport=tcp");
    check_rest_credentials(server, 3600);
    CHECK(text_of(server, "username").ends_with(":" + text_of(joined, "id")));
}

TEST_CASE("turnsignal: a client that does not answer pings is closed, and its room hears peer-left") {
    SignalProcess signal({{"signaling-ping-interval=1"}});
    WsClient alive(signal.port());
    WsClient silent(signal.port());
    join(alive, "room");
    const std::string id = text_of(join(silent, "room"), "id");
    alive.receive();  // peer-joined
    // `alive` answers pings inside receive(); `silent` never reads at all.
    const json::Value left = alive.receive(5s);
    CHECK(text_of(left, "type") == "peer-left");
    CHECK(text_of(left, "id") == id);
    CHECK(silent.closed_within(2s));
    CHECK(signal.log().find("no pong") != std::string::npos);
}

TEST_CASE("turnsignal: SIGTERM says going away (1001) to every client and exits 0") {
    SignalProcess signal;
    WsClient client(signal.port());
    join(client, "room");
    signal.signal(SIGTERM);
    CHECK(client.close_code() == 1001);
    const auto status = signal.wait_for_exit(5s);
    REQUIRE(status);
    CHECK(status->clean());
    CHECK(signal.log().find("turnsignal stopped") != std::string::npos);
}

TEST_CASE("turnsignal: the credentials it hands out allocate on turnserver configured from the same lines") {
    const std::vector<std::string> shared{"realm=itest.example", "use-auth-secret",
                                          std::string("static-auth-secret=") + kSignalSecret};
    ServerProcess turn({shared});
    std::vector<std::string> lines = shared;
    lines.push_back("listening-port=" + std::to_string(turn.address().port));
    SignalProcess signal({lines});
    const auto doc = json::parse(http_get(signal.port(), "/api/ice-servers").body);
    REQUIRE(doc.ok());
    const json::Value& server = only_ice_server(*doc->find("iceServers"));
    CHECK(urls_of(server).front() == "turn:127.0.0.1:" + std::to_string(turn.address().port) + "?transport=udp");
    TurnClient client(turn.address(), {text_of(server, "username"), text_of(server, "credential")});
    const auto reply = client.allocate();
    REQUIRE(reply);
    INFO("error code " << reply->error_code());
    CHECK(reply->is_success());
    // A credential with one byte changed is refused.
    std::string forged = text_of(server, "credential");
    forged[0] = forged[0] == 'A' ? 'B' : 'A';
    TurnClient impostor(turn.address(), {text_of(server, "username"), forged});
    const auto refused = impostor.allocate();
    REQUIRE(refused);
    CHECK(refused->error_code() == 401);
}
