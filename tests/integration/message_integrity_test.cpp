// RFC 8489 §14.5: MESSAGE-INTEGRITY covers what comes before it, so a
// receiver ignores every attribute after it but FINGERPRINT (an on-path
// attacker could append anything there; coturn's CVE-2026-68554). And
// §9.2.4: a request whose integrity does not verify is answered 401 and
// changes nothing: no allocation, permission, channel or refresh.
#include <catch2/catch.hpp>

#include "fixtures.hpp"

using namespace turn;
using namespace turn::itest;
using namespace turn::proto;

namespace {

constexpr std::uint16_t kChannel = 0x4001;

// A request signed by alice with what `client` learned (REALM, NONCE), then
// `after` added behind MESSAGE-INTEGRITY, then FINGERPRINT.
Bytes signed_then(const TurnClient& client, Method m, const TransactionId& tid, const AddAttributes& before,
                  const AddAttributes& after) {
    Bytes buf(kMaxMessageSize);
    MessageBuilder b(buf, {m, MessageClass::Request}, tid);
    if (before) before(b);
    b.add(Username{kUser}).add(Realm{client.realm()}).add(Nonce{client.nonce()});
    b.add_message_integrity(derive_long_term_key(PasswordAlgorithmId::Md5, kUser, client.realm(), kPassword).view());
    if (after) after(b);
    b.add_fingerprint();
    const auto out = b.finish();
    REQUIRE(out);
    return Bytes(out->begin(), out->end());
}

std::optional<StunReply> send_signed_then(TurnClient& client, Method m, const AddAttributes& before,
                                          const AddAttributes& after) {
    const TransactionId tid = random_tid();
    return client.transact(signed_then(client, m, tid, before, after), tid);
}

// A request the client signed properly, with one byte changed afterwards,
// as an on-path attacker would: the integrity no longer verifies. `byte`
// counts from the start, or with kLastByte is the last byte of
// MESSAGE-INTEGRITY (the client puts nothing after it).
constexpr std::size_t kLastByte = SIZE_MAX;

std::optional<StunReply> send_tampered(TurnClient& client, Method m, const AddAttributes& add, std::size_t byte) {
    const TransactionId tid = random_tid();
    Bytes request = client.build_request(m, tid, add);
    if (byte == kLastByte) byte = request.size() - 1;
    REQUIRE(byte < request.size());
    request[byte] ^= 0x01;
    return client.transact(request, tid);
}

// The first attribute's value starts here (header, then its type and length).
constexpr std::size_t kFirstValue = kHeaderSize + kAttrHeaderSize;

bool peer_reaches_client(TurnClient& client, const UdpEndpoint& peer, const TransportAddress& relayed) {
    peer.send_to(relayed, as_bytes("knock knock"));
    return client.receive_relayed(kSilenceTimeout).has_value();
}

// Learns REALM and NONCE with one unauthenticated request (answered 401).
void learn_nonce(TurnClient& client) {
    const auto challenge = client.request_once(Method::Refresh);
    REQUIRE(challenge);
    REQUIRE(challenge->error_code() == code(StunError::Unauthorized));
}

}  // namespace

TEST_CASE("a CreatePermission's XOR-PEER-ADDRESS after MESSAGE-INTEGRITY is ignored: only the signed peer gets in") {
    ServerProcess server(auth_with({"allow-loopback-peers"}));
    TurnClient client = client_of(server);
    const auto relayed = require_allocation(client);
    UdpEndpoint signed_peer("127.0.0.1");
    UdpEndpoint appended_peer("127.0.0.2");  // permissions are per IP (RFC 8656 §9)
    const auto reply = send_signed_then(
        client, Method::CreatePermission, [&](MessageBuilder& b) { b.add(XorPeerAddress{signed_peer.address()}); },
        [&](MessageBuilder& b) { b.add(XorPeerAddress{appended_peer.address()}); });
    REQUIRE(reply);
    REQUIRE(reply->is_success());
    CHECK(reply->integrity == IntegrityStatus::Valid);
    CHECK_FALSE(peer_reaches_client(client, appended_peer, relayed));
    CHECK(peer_reaches_client(client, signed_peer, relayed));
}

TEST_CASE("a Refresh's LIFETIME 0 after MESSAGE-INTEGRITY is ignored: the allocation lives on") {
    ServerProcess server(auth_with({"allow-loopback-peers"}));
    TurnClient client = client_of(server);
    require_allocation(client);
    const auto reply = send_signed_then(client, Method::Refresh, {}, [](MessageBuilder& b) { b.add(Lifetime{0}); });
    REQUIRE(reply);
    REQUIRE(reply->is_success());
    const auto lifetime = reply->get<Lifetime>();
    REQUIRE(lifetime);
    CHECK(lifetime->value > 0);
    CHECK(client.create_permission(ip_port("127.0.0.1", 9))->is_success());  // still there
}

TEST_CASE("an Allocate whose REQUESTED-TRANSPORT comes only after MESSAGE-INTEGRITY lacks it: 400, no allocation") {
    ServerProcess server(auth_with({}));
    TurnClient client = client_of(server);
    learn_nonce(client);
    const auto reply = send_signed_then(client, Method::Allocate, {}, [](MessageBuilder& b) {
        b.add(RequestedTransport{RequestedTransport::kUdp});
    });
    REQUIRE(reply);
    CHECK(reply->error_code() == code(StunError::BadRequest));
    CHECK(client.refresh(600)->error_code() == code(StunError::AllocationMismatch));
}

TEST_CASE("an Allocate whose integrity fails gets 401 and allocates nothing, not even a quota slot") {
    ServerProcess server(auth_with({"user-quota=1"}));
    TurnClient client = client_of(server);
    learn_nonce(client);
    const auto reply = send_tampered(
        client, Method::Allocate, [](MessageBuilder& b) { b.add(RequestedTransport{RequestedTransport::kUdp}); },
        kLastByte);
    REQUIRE(reply);
    CHECK(reply->error_code() == code(StunError::Unauthorized));
    CHECK(client.refresh(600)->error_code() == code(StunError::AllocationMismatch));
    TurnClient other = client_of(server);
    require_allocation(other);  // user-quota=1 still has its slot
}

TEST_CASE("a CreatePermission or ChannelBind whose signed peer address was altered gets 401 and installs nothing") {
    ServerProcess server(auth_with({"allow-loopback-peers"}));
    TurnClient client = client_of(server);
    const auto relayed = require_allocation(client);
    UdpEndpoint peer;
    auto permission = send_tampered(client, Method::CreatePermission,
                                    [&](MessageBuilder& b) { b.add(XorPeerAddress{peer.address()}); }, kFirstValue + 3);
    REQUIRE(permission);
    CHECK(permission->error_code() == code(StunError::Unauthorized));
    auto bind = send_tampered(client, Method::ChannelBind, [&](MessageBuilder& b) {
        b.add(ChannelNumber{kChannel}).add(XorPeerAddress{peer.address()});
    }, kFirstValue + 1);  // the channel number's low byte: 0x4001 becomes 0x4000
    REQUIRE(bind);
    CHECK(bind->error_code() == code(StunError::Unauthorized));
    CHECK_FALSE(peer_reaches_client(client, peer, relayed));
    // Had either been installed, rebinding the channel to another peer would be 400.
    CHECK(client.channel_bind(0x4000, ip_port("127.0.0.1", 9))->is_success());
}

TEST_CASE("a Refresh with LIFETIME 0 whose integrity fails gets 401 and deletes nothing") {
    ServerProcess server(auth_with({"allow-loopback-peers"}));
    TurnClient client = client_of(server);
    require_allocation(client);
    const auto reply = send_tampered(client, Method::Refresh, [](MessageBuilder& b) { b.add(Lifetime{0}); },
                                     kFirstValue + 3);  // LIFETIME's low byte: 0 becomes 1
    REQUIRE(reply);
    CHECK(reply->error_code() == code(StunError::Unauthorized));
    CHECK(client.create_permission(ip_port("127.0.0.1", 9))->is_success());
}
