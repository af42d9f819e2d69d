// The floor's flow table (bench/forwarder/flow_table.hpp): every flow is
// found by its client's exact address and port, and the table holds no more
// than it was made for.
#include <catch2/catch.hpp>

#include <arpa/inet.h>

#include "bench/forwarder/flow_table.hpp"

using namespace turn::bench::floor;

namespace {

sockaddr_in client(std::uint32_t host, std::uint16_t port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(host);
    a.sin_port = htons(port);
    return a;
}

Flow flow_of(const sockaddr_in& c) {
    Flow f;
    f.client = c;
    return f;
}

}  // namespace

TEST_CASE("each of thousands of flows is found by its client address, and no other address finds one") {
    FlowTable table(5000);
    // The load client's addressing: 127.1.x.y, often on the same port.
    for (std::uint32_t i = 0; i < 5000; ++i) {
        const auto c = client((127u << 24) | (1u << 16) | i, static_cast<std::uint16_t>(40000 + i % 3));
        const auto index = table.insert(flow_of(c));
        REQUIRE(index);
        CHECK(*index == i);
    }
    for (std::uint32_t i = 0; i < 5000; ++i) {
        const auto c = client((127u << 24) | (1u << 16) | i, static_cast<std::uint16_t>(40000 + i % 3));
        const auto found = table.find(c);
        REQUIRE(found);
        CHECK(*found == i);
        CHECK(table.at(*found).client.sin_port == c.sin_port);
    }
    CHECK_FALSE(table.find(client((127u << 24) | (1u << 16) | 5000, 40000)));
    CHECK_FALSE(table.find(client((127u << 24) | (1u << 16), 40001)));  // the right address, another port
}

TEST_CASE("one address with different ports is different flows") {
    FlowTable table(4);
    const auto a = table.insert(flow_of(client(0x7F000001, 1000)));
    const auto b = table.insert(flow_of(client(0x7F000001, 1001)));
    REQUIRE(a);
    REQUIRE(b);
    CHECK(*a != *b);
    CHECK(table.find(client(0x7F000001, 1000)) == a);
    CHECK(table.find(client(0x7F000001, 1001)) == b);
}

TEST_CASE("a full table refuses a new flow and keeps the ones it has") {
    FlowTable table(3);
    for (std::uint16_t p = 1; p <= 3; ++p) REQUIRE(table.insert(flow_of(client(0x7F000001, p))));
    CHECK_FALSE(table.insert(flow_of(client(0x7F000001, 4))));
    CHECK(table.size() == 3);
    for (std::uint16_t p = 1; p <= 3; ++p) CHECK(table.find(client(0x7F000001, p)));
    CHECK_FALSE(table.find(client(0x7F000001, 4)));
}
