// The relay port pool: random picks inside the range, EVEN-PORT reservations
// (RFC 8656 §7.2), release and expiry.
#include <catch2/catch.hpp>

#include <set>

#include "relay/port_pool.hpp"

using namespace turn::relay;

TEST_CASE("every port of the range is handed out once, then none") {
    PortPool pool(40000, 40009);
    std::set<std::uint16_t> seen;
    for (int i = 0; i < 10; ++i) {
        auto g = pool.acquire(false, false, 0);
        REQUIRE(g);
        CHECK(g->port >= 40000);
        CHECK(g->port <= 40009);
        seen.insert(g->port);
    }
    CHECK(seen.size() == 10);
    CHECK_FALSE(pool.acquire(false, false, 0));
    pool.release(40005);
    CHECK(pool.acquire(false, false, 0)->port == 40005);
}

TEST_CASE("picks start at random places") {
    std::set<std::uint16_t> firsts;
    for (int i = 0; i < 20; ++i) firsts.insert(PortPool(40000, 49999).acquire(false, false, 0)->port);
    CHECK(firsts.size() > 10);
}

TEST_CASE("EVEN-PORT with R holds port+1 under a token for 30 s") {
    PortPool pool(40000, 40003);
    auto g = pool.acquire(true, true, 0);
    REQUIRE(g);
    CHECK(g->port % 2 == 0);
    REQUIRE(g->token);
    CHECK(pool.free_ports() == 2);
    CHECK(pool.redeem(*g->token, 1000) == g->port + 1);
    CHECK_FALSE(pool.redeem(*g->token, 1000));  // a token works once

    auto h = pool.acquire(true, true, 0);
    REQUIRE(h);
    pool.expire_reservations(PortPool::kReservationLifetime + 1);
    CHECK_FALSE(pool.redeem(*h->token, PortPool::kReservationLifetime + 1));
    CHECK(pool.free_ports() == 1);  // the reserved port came back
}

TEST_CASE("ports other programs hold are skipped until released") {
    PortPool pool(40000, 40000);
    pool.mark_unavailable(40000);
    CHECK_FALSE(pool.acquire(false, false, 0));
    pool.release(40000);
    CHECK(pool.acquire(false, false, 0));
}

TEST_CASE("cancelling a reservation frees its port at once, and unknown or redeemed tokens change nothing") {
    PortPool pool(40000, 40003);
    auto g = pool.acquire(true, true, 0);
    REQUIRE(g);
    REQUIRE(g->token);
    CHECK(pool.free_ports() == 2);
    pool.cancel(*g->token);
    CHECK(pool.free_ports() == 3);
    CHECK_FALSE(pool.redeem(*g->token, 0));
    pool.cancel(*g->token);  // twice: no double free
    CHECK(pool.free_ports() == 3);

    auto h = pool.acquire(true, true, 0);
    REQUIRE(h);
    REQUIRE(pool.redeem(*h->token, 0));
    pool.cancel(*h->token);  // redeemed: the port belongs to an allocation now
    CHECK(pool.free_ports() == 1);
}

TEST_CASE("EVEN-PORT without R takes an even port and holds nothing else") {
    PortPool pool(40000, 40003);
    for (int i = 0; i < 50; ++i) {
        auto g = pool.acquire(true, false, 0);
        REQUIRE(g);
        CHECK(g->port % 2 == 0);
        CHECK_FALSE(g->token);
        CHECK(pool.free_ports() == 3);
        pool.release(g->port);
    }
    CHECK(pool.free_ports() == 4);
}
