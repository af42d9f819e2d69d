// Ways around user-quota, total-quota and the relay port range: a
// retransmitted Allocate (RFC 8656 §7.2: the same answer, not a second
// allocation), clients spread over relay threads, and EVEN-PORT (coturn's
// CVE-2026-73215: EVEN-PORT requests exhausted the port pool; a reservation
// the R bit makes is held for its allocation and freed with it, or after
// about 30 s, RFC 8656 §7.2). allocate_test.cpp has the quotas themselves.
// Mobility (RFC 8016, coturn's CVE-2026-73216) is not built yet: SECURITY.md.
#include <catch2/catch.hpp>

#include <thread>

#include "fixtures.hpp"

using namespace turn;
using namespace turn::itest;
using namespace turn::proto;

namespace {

int allocate_code(TurnClient& client, const AddAttributes& extra = {}) {
    const auto reply = client.allocate(extra);
    REQUIRE(reply);
    return reply->is_success() ? 0 : reply->error_code();
}

// `count` clients that all hold an allocation at once; REQUIREs each.
std::vector<TurnClient> fill_ports(const ServerProcess& server, int count) {
    std::vector<TurnClient> clients;
    for (int i = 0; i < count; ++i) {
        clients.push_back(client_of(server));
        require_allocation(clients.back());
    }
    return clients;
}

}  // namespace

TEST_CASE("20 retransmissions of an Allocate count once against user-quota and total-quota") {
    ServerProcess server(auth_with({"user-quota=1", "total-quota=2", "user=bob:bob-password", "user=carol:carol-pw"}));
    TurnClient alice = client_of(server);
    const auto challenge = alice.request_once(Method::Allocate);
    REQUIRE(challenge);
    const TransactionId tid = random_tid();
    const Bytes request = alice.build_request(Method::Allocate, tid, [](MessageBuilder& b) {
        b.add(RequestedTransport{RequestedTransport::kUdp});
    });
    std::optional<TransportAddress> relayed;
    for (int i = 0; i < 20; ++i) {
        const auto reply = alice.transact(request, tid);
        REQUIRE(reply);
        REQUIRE(reply->is_success());
        if (!relayed) relayed = relayed_address(*reply);
        CHECK(relayed_address(*reply) == relayed);
    }
    TurnClient alice_again = client_of(server);
    CHECK(allocate_code(alice_again) == code(StunError::AllocationQuotaReached));
    TurnClient bob(server.address(), {"bob", "bob-password"});
    CHECK(allocate_code(bob) == 0);  // total-quota=2: alice's retransmissions took one place, not 20
    TurnClient carol(server.address(), {"carol", "carol-pw"});
    CHECK(allocate_code(carol) == code(StunError::InsufficientCapacity));
}

TEST_CASE("user-quota holds across relay threads: 3 of 12 clients spread over two threads get an allocation") {
    auto config = auth_with({"user-quota=3"}, 32);
    config.relay_threads = 2;
    ServerProcess server(config);
    std::vector<TurnClient> clients;
    int granted = 0;
    int refused = 0;
    for (int i = 0; i < 12; ++i) {
        clients.push_back(client_of(server));
        const int result = allocate_code(clients.back());
        granted += result == 0 ? 1 : 0;
        refused += result == code(StunError::AllocationQuotaReached) ? 1 : 0;
    }
    CHECK(granted == 3);
    CHECK(refused == 9);
}

TEST_CASE("allocating with EVEN-PORT and deleting, over and over, holds no port afterwards") {
    ServerProcess server(auth_with({}, 4));
    for (const bool reserve : {true, false}) {
        INFO("R bit " << reserve);
        for (int i = 0; i < 10; ++i) {
            TurnClient client = client_of(server);
            REQUIRE(allocate_code(client, [&](MessageBuilder& b) { b.add(EvenPort{reserve}); }) == 0);
            REQUIRE(client.refresh(0)->is_success());
        }
        // Every port is free again: four clients hold all four at once.
        auto holders = fill_ports(server, 4);
        TurnClient one_more = client_of(server);
        CHECK(allocate_code(one_more) == code(StunError::InsufficientCapacity));
        for (auto& h : holders) REQUIRE(h.refresh(0)->is_success());
    }
}

TEST_CASE("an EVEN-PORT reservation nobody redeems is released after about 30 seconds", "[slow]") {
    constexpr auto kReservationDeadline = std::chrono::seconds(45);  // 30 s, one sweep, a loaded machine
    ServerProcess server(auth_with({}, 4));
    TurnClient rtp = client_of(server);
    const auto reply = rtp.allocate([](MessageBuilder& b) { b.add(EvenPort{true}); });
    REQUIRE(reply);
    REQUIRE(reply->is_success());
    const auto token = reply->get<ReservationToken>();
    REQUIRE(token);
    const Bytes token_bytes(token->value.begin(), token->value.end());
    const std::uint16_t reserved = relayed_address(*reply)->port + 1;
    // The other two ports; the reserved one is nobody else's while held.
    auto others = fill_ports(server, 2);
    TurnClient waiting = client_of(server);
    REQUIRE(allocate_code(waiting) == code(StunError::InsufficientCapacity));

    const auto deadline = std::chrono::steady_clock::now() + kReservationDeadline;
    std::optional<TransportAddress> got;
    while (!got && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::seconds(1));
        TurnClient later = client_of(server);
        const auto attempt = later.allocate();
        REQUIRE(attempt);
        if (attempt->is_success()) {
            got = relayed_address(*attempt);
            others.push_back(std::move(later));
        }
    }
    REQUIRE(got);
    CHECK(got->port == reserved);
    TurnClient redeemer = client_of(server);  // the expired token no longer names a port
    CHECK(allocate_code(redeemer, [&](MessageBuilder& b) { b.add(ReservationToken{token_bytes}); }) ==
          code(StunError::InsufficientCapacity));
}
