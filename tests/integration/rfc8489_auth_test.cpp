// RFC 8489 §9.2's security features end to end, against the real turnserver:
// an RFC 8489 client that signs with SHA-256, names itself by USERHASH and
// uses MESSAGE-INTEGRITY-SHA256; bid-down attempts by an attacker on the
// path; USERHASH for users the server cannot name. RFC 5389 clients must see
// no difference: the project's own (auth_test.cpp and every other
// integration test) and coturn's turnutils_uclient, which nobody here wrote
// (coturn_tools_test.cpp), run against the same challenges.
#include <catch2/catch.hpp>

#include <ctime>

#include "admin_tool.hpp"
#include "auth/nonce_cookie.hpp"
#include "auth/rest_api.hpp"
#include "fixtures.hpp"
#include "scratch.hpp"
#include "stream_client.hpp"

using namespace turn;
using namespace turn::itest;
using namespace turn::proto;

namespace {

constexpr auto kMd5 = PasswordAlgorithmId::Md5;
constexpr auto kSha256 = PasswordAlgorithmId::Sha256;
constexpr const char* kRestSecret = "itest-8489-secret";

// A client that does all of RFC 8489: it supports both algorithms and takes
// the server's first, hashes its name when asked, and signs with SHA-256.
SecurityOptions rfc8489_client() {
    SecurityOptions s;
    s.rfc8489 = true;
    s.integrity = IntegrityKind::Sha256;
    return s;
}

SecurityOptions sha256_only_client() {
    SecurityOptions s = rfc8489_client();
    s.algorithms = {kSha256};
    return s;
}

LongTermKey key_of(const Credentials& c, PasswordAlgorithmId alg) {
    return derive_long_term_key(alg, c.username, kRealm, c.password);
}

// An attacker on the path between server and client (RFC 8489 §9.2.1): it
// rewrites the PASSWORD-ALGORITHMS of every 401 and 438 the client receives,
// leaving all else as it was (challenges are not signed). `replacement`
// nullopt removes the attribute.
class BidDownTransport final : public ClientTransport {
public:
    BidDownTransport(const TransportAddress& server, std::optional<PasswordAlgorithms> replacement)
        : inner_(server), replacement_(std::move(replacement)) {}
    void send(std::span<const std::uint8_t> m) override { inner_.send(m); }
    std::optional<Bytes> receive(std::chrono::milliseconds timeout) override {
        auto d = inner_.receive(timeout);
        return d ? rewrite(std::move(*d)) : d;
    }
    TransportAddress local_address() const override { return inner_.local_address(); }
    bool is_stream() const override { return false; }
    int rewritten = 0;

private:
    Bytes rewrite(Bytes in) {
        const auto m = StunMessage::decode(in);
        if (!m || !m->has(AttrType::PasswordAlgorithms)) return in;
        Bytes out(in.size() + 64);
        MessageBuilder b(out, m->type(), m->transaction_id());
        for (const auto& a : m->attributes())
            if (a.type != static_cast<std::uint16_t>(AttrType::PasswordAlgorithms)) b.add_raw(a.type, m->value_of(a));
        if (replacement_) b.add(*replacement_);
        out.resize(b.finish()->size());
        ++rewritten;
        return out;
    }

    UdpClientTransport inner_;
    std::optional<PasswordAlgorithms> replacement_;
};

// Relays `payload` to `peer` with a Send indication and requires it arrives:
// the allocation is real, not only answered.
void require_relayed(TurnClient& client, const UdpEndpoint& peer, const TransportAddress& relayed) {
    const Bytes payload = {'r', 'f', 'c', '8', '4', '8', '9'};
    client.send_indication(peer.address(), payload);
    const auto got = peer.receive(kAnswerTimeout);
    REQUIRE(got);
    CHECK(got->bytes == payload);
    CHECK(got->from == relayed);
}

}  // namespace

TEST_CASE("an RFC 8489 client allocates with SHA-256, USERHASH and MESSAGE-INTEGRITY-SHA256, then refreshes and "
          "permits a peer",
          "[rfc8489]") {
    ServerProcess server(auth_with({"allow-loopback-peers"}));
    const Credentials alice{kUser, kPassword};
    TurnClient client(server.address(), alice, rfc8489_client());
    const auto allocated = client.allocate();
    REQUIRE(allocated);
    INFO("error code " << allocated->error_code());
    REQUIRE(allocated->is_success());
    // The server offered SHA-256 first and asked for username anonymity.
    CHECK(client.challenge().nonce.starts_with("obMatJos2AAAD"));
    CHECK(client.challenge().algorithm == kSha256);
    CHECK(client.challenge().userhash);
    CHECK(allocated->integrity == IntegrityStatus::Valid);
    CHECK(allocated->message().has(AttrType::MessageIntegritySha256));
    CHECK_FALSE(allocated->message().has(AttrType::MessageIntegrity));
    CHECK(verify_integrity(allocated->message(), key_of(alice, kSha256).view()) == IntegrityStatus::Valid);
    // What the client sends: USERHASH, not USERNAME, and the echoed offer.
    const auto sent = client.build_request(Method::Refresh, random_tid(), {});
    const auto request = StunMessage::decode(sent);
    CHECK(request->has(AttrType::Userhash));
    CHECK_FALSE(request->has(AttrType::Username));
    CHECK(request->get<PasswordAlgorithm>()->entry == entry_of(kSha256));
    CHECK(request->get<PasswordAlgorithms>()->entries.size() == 2);

    const auto refreshed = client.refresh(300);
    REQUIRE(refreshed);
    REQUIRE(refreshed->is_success());
    CHECK(refreshed->get<Lifetime>()->value == 300);
    CHECK(refreshed->integrity == IntegrityStatus::Valid);
    UdpEndpoint peer;
    const auto permitted = client.create_permission(peer.address());
    REQUIRE(permitted);
    REQUIRE(permitted->is_success());
    CHECK(permitted->integrity == IntegrityStatus::Valid);
    require_relayed(client, peer, *relayed_address(*allocated));
}

TEST_CASE("over TCP the RFC 8489 client allocates and binds a channel the same way", "[rfc8489][stream]") {
    ServerProcess server(stream_server());
    TurnClient client(std::make_unique<StreamClientTransport>(std::make_unique<TcpStream>(server.address())),
                      {kUser, kPassword}, rfc8489_client());
    const auto relayed = require_allocation(client);
    UdpEndpoint peer;
    const auto bound = client.channel_bind(kChannel, peer.address());
    REQUIRE(bound);
    REQUIRE(bound->is_success());
    CHECK(bound->integrity == IntegrityStatus::Valid);
    const Bytes payload = {1, 2, 3, 4, 5};
    require_channel_round_trip(client, kChannel, peer, relayed, payload);
}

TEST_CASE("bid-down: SHA-256 removed from the 401 on the way: the client echoes the shorter list and gets 400", "[rfc8489]") {
    ServerProcess server(auth_with({}));
    PasswordAlgorithms md5_only;
    md5_only.entries.push_back(entry_of(kMd5));
    auto path = std::make_unique<BidDownTransport>(server.address(), md5_only);
    BidDownTransport& attacker = *path;
    TurnClient client(std::move(path), {kUser, kPassword}, rfc8489_client());
    const auto reply = client.allocate();
    REQUIRE(reply);
    CHECK(attacker.rewritten >= 1);
    CHECK(client.challenge().algorithm == kMd5);  // the client was talked down to MD5...
    CHECK(reply->error_code() == code(StunError::BadRequest));  // ...and the server noticed (§9.2.4)
    CHECK(reply->integrity == IntegrityStatus::Missing);
}

TEST_CASE("bid-down: PASSWORD-ALGORITHMS stripped from the 401: the client does not retry", "[rfc8489]") {
    ServerProcess server(auth_with({}));
    auto path = std::make_unique<BidDownTransport>(server.address(), std::nullopt);
    TurnClient client(std::move(path), {kUser, kPassword}, rfc8489_client());
    const auto reply = client.allocate();
    REQUIRE(reply);
    CHECK(reply->error_code() == code(StunError::Unauthorized));
    // §9.2.5: the cookie says a list was sent; without it the client stops.
    CHECK(client.refusal() == auth::ChallengeRefusal::AlgorithmsStripped);
    CHECK(client.nonce().empty());
}

TEST_CASE("bid-down: the cookie's feature bits rewritten: the server refuses the nonce with 438", "[rfc8489]") {
    ServerProcess server(auth_with({}));
    TurnClient client(server.address());
    const auto challenge = client.allocate();  // no credentials: the 401 only
    REQUIRE(challenge);
    REQUIRE(challenge->get<Nonce>());
    std::string nonce(challenge->get<Nonce>()->value);
    // "No security features": what a client would have to believe to skip
    // PASSWORD-ALGORITHMS without noticing. The nonce's MAC covers the bits.
    nonce.replace(0, auth::kNonceCookieLength, "obMatJos2AAAA");
    const TransactionId tid = random_tid();
    Bytes buf(512);
    MessageBuilder b(buf, {Method::Allocate, MessageClass::Request}, tid);
    b.add(RequestedTransport{}).add(Username{kUser}).add(Realm{kRealm}).add(Nonce{nonce});
    b.add_message_integrity(key_of({kUser, kPassword}, kMd5).view());
    const auto reply = client.transact(*b.finish(), tid);
    REQUIRE(reply);
    CHECK(reply->error_code() == code(StunError::StaleNonce));
}

TEST_CASE("a USERHASH that names no user gets 401 with a fresh nonce and PASSWORD-ALGORITHMS", "[rfc8489]") {
    ServerProcess server(auth_with({}));
    TurnClient client(server.address(), {"mallory", "guess"}, rfc8489_client());
    const auto first = client.allocate();  // 401, then the retry with USERHASH: 401 again
    REQUIRE(first);
    REQUIRE(first->error_code() == code(StunError::Unauthorized));
    CHECK(first->get<Nonce>()->value.starts_with("obMatJos2"));
    CHECK(first->get<PasswordAlgorithms>().ok());
    CHECK(first->integrity == IntegrityStatus::Missing);
    // The nonce of that 401 is a valid one (nonces are a function of time and
    // client address, so within a second it may be the same string): with
    // it the next attempt is judged on its USERHASH again, not sent a 438.
    const auto again = client.request_once(Method::Allocate, [](MessageBuilder& b) { b.add(RequestedTransport{}); });
    REQUIRE(again);
    CHECK(again->error_code() == code(StunError::Unauthorized));
    CHECK(StunMessage::decode(client.build_request(Method::Allocate, random_tid(), {}))->has(AttrType::Userhash));
}

TEST_CASE("REST credentials: no username anonymity is asked, SHA-256 works, a USERHASH names nobody", "[rfc8489]") {
    ServerProcess server({{"use-auth-secret", std::string("static-auth-secret=") + kRestSecret,
                           std::string("realm=") + kRealm}});
    const std::string username = auth::make_rest_username(std::time(nullptr) + 3600, "bob", ':');
    const Credentials bob{username, auth::rest_password(kRestSecret, username)};
    TurnClient client(server.address(), bob, rfc8489_client());
    require_allocation(client);
    CHECK(client.challenge().algorithm == kSha256);
    CHECK_FALSE(client.challenge().userhash);
    SecurityOptions hashed = rfc8489_client();
    hashed.userhash = true;
    TurnClient anonymous(server.address(), bob, hashed);
    const auto reply = anonymous.allocate();
    REQUIRE(reply);
    CHECK(reply->error_code() == code(StunError::Unauthorized));
}

TEST_CASE("a user of the SQLite database is found by USERHASH and offered MD5 first, its only key", "[rfc8489][userdb]") {
    const std::string db = new_scratch_file("turndb", ".sqlite").string();
    const ToolRun added = run_our_turnadmin({"-a", "-u", "dave", "-r", kRealm, "-p", "dave-pw", "-b", db});
    INFO(added.output);
    REQUIRE(added.status.clean());
    ServerProcess server({{"lt-cred-mech", std::string("realm=") + kRealm, "userdb=" + db}});
    const Credentials dave{"dave", "dave-pw"};
    TurnClient client(server.address(), dave, rfc8489_client());
    require_allocation(client);
    CHECK(client.challenge().algorithm == kMd5);
    CHECK(client.challenge().userhash);
    // A client that can only do SHA-256 cannot sign for a user whose stored
    // key is MD5 (coturn's schema keeps no other).
    TurnClient sha256_only(server.address(), dave, sha256_only_client());
    const auto reply = sha256_only.allocate();
    REQUIRE(reply);
    CHECK(reply->error_code() == code(StunError::Unauthorized));
}
