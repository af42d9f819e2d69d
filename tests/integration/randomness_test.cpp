// Values an off-path attacker must not guess come from a cryptographic
// generator (coturn's CVE-2025-69217: nonces and relay ports from libc
// random(), whose state 50 nonces gave away). The code draws them from
// OpenSSL's RAND_bytes: relay ports and RESERVATION-TOKENs (relay/port_pool.cpp),
// the nonce and DTLS cookie secrets (server/relay_setup.cpp, dtls_cookie.cpp),
// CONNECTION-IDs (relay/tcp_connect.cpp) and indication transaction IDs
// (relay/indication_tid.hpp). These tests look at what the running server
// hands out: no sequence, no repeats, a wide spread, about half the bits
// changing from one value to the next. The bounds are many standard
// deviations wide: a correct server fails them with negligible probability.
#include <catch2/catch.hpp>

#include <bitset>
#include <map>
#include <set>

#include "fixtures.hpp"

using namespace turn;
using namespace turn::itest;
using namespace turn::proto;

namespace {

int hamming(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
    REQUIRE(a.size() == b.size());
    int bits = 0;
    for (std::size_t i = 0; i < a.size(); ++i) bits += static_cast<int>(std::bitset<8>(a[i] ^ b[i]).count());
    return bits;
}

// The mean number of bits that differ between consecutive values, over the
// value size in bits: about 0.5 for independent uniform values.
double mean_flipped_fraction(const std::vector<Bytes>& values) {
    REQUIRE(values.size() > 1);
    double total = 0;
    for (std::size_t i = 1; i < values.size(); ++i) total += hamming(values[i - 1], values[i]);
    return total / static_cast<double>((values.size() - 1) * values[0].size() * 8);
}

std::size_t distinct(const std::vector<Bytes>& values) { return std::set<Bytes>(values.begin(), values.end()).size(); }

}  // namespace

TEST_CASE("relay ports follow no sequence and spread over the whole range") {
    constexpr int kAllocations = 150;
    ServerProcess server(auth_with({}, 64));
    std::vector<int> ports;
    for (int i = 0; i < kAllocations; ++i) {
        TurnClient client = client_of(server);
        ports.push_back(require_allocation(client).port);
        REQUIRE(client.refresh(0)->is_success());  // one allocation at a time: every pick is free to land anywhere
    }
    // 150 uniform picks from 64 ports hit about 58 of them; a counter, or a
    // generator stuck in a corner, hits few.
    CHECK(std::set<int>(ports.begin(), ports.end()).size() >= 40);
    // A sequence shows as one step repeated; random picks repeat a given
    // step about 150/64 times.
    std::map<int, int> steps;
    for (std::size_t i = 1; i < ports.size(); ++i) ++steps[ports[i] - ports[i - 1]];
    int most = 0;
    for (const auto& [step, count] : steps) most = std::max(most, count);
    CHECK(most < 20);
}

TEST_CASE("nonces given to many clients never repeat and their MACs look uniform") {
    constexpr int kClients = 300;
    ServerProcess server(auth_with({}));
    std::vector<Bytes> macs;
    std::map<char, int> digits;
    // All alive at once, so each has its own port: a nonce is a function of
    // the issue second and the client's address (auth/nonce.hpp), and a port
    // the kernel hands out again within a second gets the same nonce back.
    std::vector<TurnClient> clients;
    for (int i = 0; i < kClients; ++i) {
        TurnClient& client = clients.emplace_back(client_of(server));
        const auto challenge = client.request_once(Method::Allocate);
        REQUIRE(challenge);
        const std::string nonce = client.nonce();
        // The last 32 hex digits are the HMAC; before them come the nonce
        // cookie, the issue time and the offer, none of them secret (auth/nonce.hpp).
        REQUIRE(nonce.size() > 32);
        const std::string mac = nonce.substr(nonce.size() - 32);
        for (char c : mac) ++digits[c];
        macs.emplace_back(mac.begin(), mac.end());
    }
    CHECK(distinct(macs) == macs.size());
    // 9600 hex digits: 600 of each expected, standard deviation about 24.
    CHECK(digits.size() == 16);
    for (const auto& [digit, count] : digits) {
        INFO("hex digit " << digit);
        CHECK(count > 450);
        CHECK(count < 750);
    }
}

TEST_CASE("RESERVATION-TOKENs never repeat and change about half their bits from one to the next") {
    constexpr int kReservations = 100;
    ServerProcess server(auth_with({}, 64));
    std::vector<Bytes> tokens;
    for (int i = 0; i < kReservations; ++i) {
        TurnClient client = client_of(server);
        const auto reply = client.allocate([](MessageBuilder& b) { b.add(EvenPort{true}); });
        REQUIRE(reply);
        REQUIRE(reply->is_success());
        const auto token = reply->get<ReservationToken>();
        REQUIRE(token);
        tokens.emplace_back(token->value.begin(), token->value.end());
        REQUIRE(client.refresh(0)->is_success());
    }
    CHECK(distinct(tokens) == tokens.size());
    // 99 pairs of 64 bits: mean 0.5, standard deviation of the mean about 0.006.
    CHECK(mean_flipped_fraction(tokens) > 0.45);
    CHECK(mean_flipped_fraction(tokens) < 0.55);
}

TEST_CASE("Data indication transaction IDs never repeat and change about half their bits from one to the next") {
    constexpr int kIndications = 300;  // more than one refill of the server's ID buffer (256)
    ServerProcess server(auth_with({"allow-loopback-peers"}));
    TurnClient client = client_of(server);
    const auto relayed = require_allocation(client);
    UdpEndpoint peer;
    REQUIRE(client.create_permission(peer.address())->is_success());
    std::vector<Bytes> tids;
    for (int i = 0; i < kIndications; ++i) {
        peer.send_to(relayed, as_bytes("x"));
        const auto indication = client.receive_raw(kAnswerTimeout);
        REQUIRE(indication);
        const auto msg = StunMessage::decode(*indication);
        REQUIRE(msg);
        const auto& tid = msg->transaction_id().bytes;
        tids.emplace_back(tid.begin(), tid.end());
    }
    CHECK(distinct(tids) == tids.size());
    CHECK(mean_flipped_fraction(tids) > 0.45);
    CHECK(mean_flipped_fraction(tids) < 0.55);
}
