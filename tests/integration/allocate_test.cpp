// Allocate (RFC 8656 §7.2): success, retransmissions, mismatches, quotas and
// capacity, and unknown comprehension-required attributes (RFC 8489 §6.3.1.1).
#include <catch2/catch.hpp>

#include "fixtures.hpp"

using namespace turn;
using namespace turn::itest;
using namespace turn::proto;

namespace {

// A type below 0x8000 (comprehension-required) that no TURN or STUN RFC defines.
constexpr std::uint16_t kUnknownRequiredAttr = 0x0031;

}  // namespace

TEST_CASE("an Allocate succeeds with a relayed address in the configured range and a LIFETIME") {
    ServerProcess server(auth_with({}));
    TurnClient client = client_of(server);
    const auto reply = client.allocate();
    REQUIRE(reply);
    REQUIRE(reply->is_success());
    const auto relayed = relayed_address(*reply);
    REQUIRE(relayed);
    CHECK(relayed->ip_string() == "127.0.0.1");
    CHECK(relayed->port >= server.relay_ports().min);
    CHECK(relayed->port <= server.relay_ports().max);
    const auto lifetime = reply->get<Lifetime>();
    REQUIRE(lifetime);
    CHECK(lifetime->value == 600);  // RFC 8656 §7.2: the default, 10 minutes
    const auto mapped = reply->get<XorMappedAddress>();
    REQUIRE(mapped);
    CHECK(mapped->address == client.local_address());
}

TEST_CASE("a retransmitted Allocate (same transaction ID) gets the same success again") {
    ServerProcess server(auth_with({}));
    TurnClient second = client_of(server);
    // Learn realm and nonce first, so the retransmitted request is authenticated.
    const auto challenge = second.request_once(Method::Allocate, [](MessageBuilder& b) {
        b.add(RequestedTransport{RequestedTransport::kUdp});
    });
    REQUIRE(challenge);
    REQUIRE(challenge->error_code() == code(StunError::Unauthorized));
    const TransactionId tid = random_tid();
    const Bytes request = second.build_request(Method::Allocate, tid, [](MessageBuilder& b) {
        b.add(RequestedTransport{RequestedTransport::kUdp});
    });
    const auto first = second.transact(request, tid);
    const auto again = second.transact(request, tid);
    REQUIRE(first);
    REQUIRE(again);
    REQUIRE(first->is_success());
    REQUIRE(again->is_success());
    CHECK(relayed_address(*again) == relayed_address(*first));
}

TEST_CASE("a second Allocate with a new transaction ID on the same 5-tuple gets 437") {
    ServerProcess server(auth_with({}));
    TurnClient client = client_of(server);
    require_allocation(client);
    const auto reply = client.allocate();
    REQUIRE(reply);
    CHECK(reply->error_code() == code(StunError::AllocationMismatch));
}

TEST_CASE("Refresh and CreatePermission without an allocation get 437") {
    ServerProcess server(auth_with({"allow-loopback-peers"}));
    TurnClient client = client_of(server);
    const auto refresh = client.refresh(600);
    REQUIRE(refresh);
    CHECK(refresh->error_code() == code(StunError::AllocationMismatch));
    const auto permission = client.create_permission(client.local_address());
    REQUIRE(permission);
    CHECK(permission->error_code() == code(StunError::AllocationMismatch));
}

TEST_CASE("with user-quota=1, the same user's second allocation from another socket gets 486") {
    ServerProcess server(auth_with({"user-quota=1"}));
    TurnClient first = client_of(server);
    require_allocation(first);
    TurnClient second = client_of(server);
    const auto reply = second.allocate();
    REQUIRE(reply);
    CHECK(reply->error_code() == code(StunError::AllocationQuotaReached));
}

TEST_CASE("with total-quota=1, another user's allocation gets 508 while the first one lives") {
    ServerProcess server(auth_with({"total-quota=1", "user=bob:bob-password"}));
    TurnClient alice = client_of(server);
    require_allocation(alice);
    TurnClient bob(server.address(), {"bob", "bob-password"});
    const auto reply = bob.allocate();
    REQUIRE(reply);
    CHECK(reply->error_code() == code(StunError::InsufficientCapacity));
}

TEST_CASE("with 2 relay ports, the third client's Allocate gets 508") {
    ServerProcess server(auth_with({}, 2));
    TurnClient a = client_of(server);
    TurnClient b = client_of(server);
    TurnClient c = client_of(server);
    const auto port_a = require_allocation(a).port;
    const auto port_b = require_allocation(b).port;
    CHECK(port_a != port_b);
    const auto reply = c.allocate();
    REQUIRE(reply);
    CHECK(reply->error_code() == code(StunError::InsufficientCapacity));
}

TEST_CASE("an unknown comprehension-required attribute in an authenticated Allocate gets 420 with UNKNOWN-ATTRIBUTES") {
    ServerProcess server(auth_with({}));
    TurnClient client = client_of(server);
    const std::uint8_t value[4] = {1, 2, 3, 4};
    const auto reply = client.allocate([&](MessageBuilder& b) { b.add_raw(kUnknownRequiredAttr, value); });
    REQUIRE(reply);
    CHECK_FALSE(client.nonce().empty());  // answered after authentication (RFC 8489 §6.3.1.1 follows §9.2.4)
    CHECK(reply->error_code() == code(StunError::UnknownAttribute));
    const auto unknown = reply->get<UnknownAttributes>();
    REQUIRE(unknown);
    REQUIRE(unknown->types.size() == 1);
    CHECK(unknown->types[0] == kUnknownRequiredAttr);
}

TEST_CASE("deleting an allocation gives its user's quota back: with user-quota=1 the next Allocate succeeds") {
    ServerProcess server(auth_with({"user-quota=1"}));
    TurnClient first = client_of(server);
    require_allocation(first);
    REQUIRE(first.refresh(0)->is_success());
    TurnClient second = client_of(server);
    require_allocation(second);
}

TEST_CASE("EVEN-PORT with the R bit gives an even port and a RESERVATION-TOKEN that another client redeems for the next port") {
    ServerProcess server(auth_with({}, 8));
    TurnClient first = client_of(server);
    const auto reply = first.allocate([](MessageBuilder& b) { b.add(EvenPort{true}); });
    REQUIRE(reply);
    REQUIRE(reply->is_success());
    const auto port = relayed_address(*reply)->port;
    CHECK(port % 2 == 0);
    const auto token = reply->get<ReservationToken>();
    REQUIRE(token);
    const Bytes token_bytes(token->value.begin(), token->value.end());

    // RFC 8656 §7.2: a RESERVATION-TOKEN asks for the reserved port, once.
    TurnClient second = client_of(server);
    const auto redeemed = second.allocate([&](MessageBuilder& b) { b.add(ReservationToken{token_bytes}); });
    REQUIRE(redeemed);
    REQUIRE(redeemed->is_success());
    CHECK(relayed_address(*redeemed)->port == port + 1);
    TurnClient third = client_of(server);
    const auto reused = third.allocate([&](MessageBuilder& b) { b.add(ReservationToken{token_bytes}); });
    REQUIRE(reused);
    CHECK(reused->error_code() == code(StunError::InsufficientCapacity));
}

TEST_CASE("a relay port another program held for a while is used again once that program lets it go") {
    ServerProcess server(auth_with({}, 1));
    const std::uint16_t only_port = server.relay_ports().min;
    {
        UdpEndpoint squatter("127.0.0.1", only_port);
        TurnClient early = client_of(server);
        const auto refused = early.allocate();
        REQUIRE(refused);
        CHECK(refused->error_code() == code(StunError::InsufficientCapacity));
    }
    TurnClient later = client_of(server);
    CHECK(require_allocation(later).port == only_port);
}
