// MOBILITY-TICKET values (RFC 8016 §3.3): issued as 32 base64 characters,
// opened only by the server whose key made them, whatever else comes in.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "relay/mobility_ticket.hpp"

using namespace turn::relay;

namespace {

std::span<const std::uint8_t> bytes_of(std::string_view s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

const MobilityTickets kTickets({7, 7, 7});
const MobilityTicketFields kFields{3, 0x0001'0000'0000'002Aull, 5};

}  // namespace

TEST_CASE("a ticket is 32 base64 characters with no NUL, as coturn's client keeps it") {
    const auto text = kTickets.issue(kFields);
    CHECK(text.size() == 32);
    CHECK(std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    }));
}

TEST_CASE("a ticket opens to the worker, allocation id and generation it was issued for") {
    const auto text = kTickets.issue(kFields);
    const auto opened = kTickets.open(bytes_of(text_of(text)));
    REQUIRE(opened);
    CHECK(*opened == kFields);
}

TEST_CASE("a ticket changes with any of its fields") {
    const auto base = std::string(text_of(kTickets.issue(kFields)));
    const std::uint64_t id = kFields.allocation_id;
    for (auto f : {MobilityTicketFields{4, id, 5}, MobilityTicketFields{3, id + 1, 5}, MobilityTicketFields{3, id, 6}})
        CHECK(std::string(text_of(kTickets.issue(f))) != base);
}

TEST_CASE("a ticket with any character changed does not open") {
    const auto text = std::string(text_of(kTickets.issue(kFields)));
    for (std::size_t i = 0; i < text.size(); ++i) {
        std::string tampered = text;
        tampered[i] = tampered[i] == 'A' ? 'B' : 'A';
        INFO("character " << i);
        CHECK_FALSE(kTickets.open(bytes_of(tampered)));
    }
}

TEST_CASE("a ticket of another key (another server run) does not open") {
    const MobilityTickets other({8, 8, 8});
    CHECK_FALSE(other.open(bytes_of(text_of(kTickets.issue(kFields)))));
}

TEST_CASE("values that are not tickets do not open: empty, short, long, not base64, binary") {
    const auto text = std::string(text_of(kTickets.issue(kFields)));
    CHECK_FALSE(kTickets.open({}));
    CHECK_FALSE(kTickets.open(bytes_of(text.substr(0, 31))));
    CHECK_FALSE(kTickets.open(bytes_of(text + "AAAA")));
    CHECK_FALSE(kTickets.open(bytes_of(std::string(32, '*'))));
    CHECK_FALSE(kTickets.open(bytes_of(std::string(32, '\0'))));
    CHECK_FALSE(kTickets.open(bytes_of(std::string(32, 'A'))));
}
