// What operators see and change on a worker's allocations: ids unique across
// threads, descriptions, cancel (the client then gets 437), drain (new
// Allocate requests get 403), counts for the metrics, and live settings.
#include <catch2/catch.hpp>

#include "auth/static_users.hpp"
#include "relay_harness.hpp"

using namespace turn::proto;
using namespace turn::relay;
using namespace turn::relay::test;

namespace {

const TransportAddress kPeer = addr("198.51.100.20", 7000);

// ChannelData of `size` bytes on channel 0x4001.
std::vector<std::uint8_t> channel_data(std::uint8_t size) {
    std::vector<std::uint8_t> d{0x40, 0x01, 0x00, size};
    d.resize(4 + size, 'x');
    return d;
}

bool refresh(Harness& h, std::uint32_t lifetime) {
    return h.roundtrip(Method::Refresh, [=](MessageBuilder& b) { b.add(Lifetime{lifetime}); });
}

}  // namespace

TEST_CASE("allocation ids are unique across worker threads: worker w of n hands out w + n, w + 2n, ...") {
    Harness h;
    REQUIRE(h.allocate());
    h.move_to(40001);
    REQUIRE(h.allocate());
    auto ids = h.core->list_allocations();
    REQUIRE(ids.size() == 2);
    CHECK(ids[0].id + ids[1].id == 1 + 2);  // worker 0 of 1
    Harness third;
    third.core->attach_tcp(third.tcp, ConnectionIdSpace(2, 4));
    REQUIRE(third.allocate());
    third.move_to(40001);
    REQUIRE(third.allocate());
    std::vector<std::uint64_t> got;
    for (const auto& a : third.core->list_allocations()) got.push_back(a.id);
    std::sort(got.begin(), got.end());
    CHECK(got == std::vector<std::uint64_t>{6, 10});
}

TEST_CASE("an allocation is described as the client knows it: user, address, advertised relayed address, lifetime") {
    Harness h;
    REQUIRE(h.allocate());
    REQUIRE(h.bind_channel(0x4001, kPeer));
    h.send(channel_data(10));
    h.clock.advance_seconds(5);
    const auto all = h.core->list_allocations();
    REQUIRE(all.size() == 1);
    const AllocationInfo& a = all[0];
    CHECK(a.username == kUser);
    CHECK(a.client == h.client);
    REQUIRE(a.relayed.size() == 1);
    CHECK(a.relayed[0].ip_string() == "203.0.113.9");  // external-ip, not the bound address
    CHECK(a.age_seconds == 5);
    CHECK(a.expires_in_seconds == 600 - 5);
    CHECK(a.permissions == 1);
    CHECK(a.channels == 1);
    CHECK(a.traffic.packets_to_peer == 1);
    CHECK(a.traffic.bytes_to_peer == 10);
    CHECK_FALSE(a.tcp);
    CHECK(h.core->list_allocations(a.id).size() == 1);
    CHECK(h.core->list_allocations(a.id + 1).empty());
}

TEST_CASE("cancel frees the allocation: its relayed port is closed, and the client's Refresh gets 437") {
    Harness h;
    REQUIRE(h.allocate());
    const std::uint64_t id = h.core->list_allocations().at(0).id;
    CHECK_FALSE(h.core->cancel(id + 100));
    CHECK(h.core->allocation_count() == 1);
    CHECK(h.core->cancel(id));
    CHECK(h.core->allocation_count() == 0);
    CHECK(h.transport.open == 0);
    CHECK(h.shared->pools[0]->free_ports() == 10);
    CHECK_FALSE(refresh(h, 600));
    CHECK(h.last_error() == 437);
    CHECK_FALSE(h.core->cancel(id));
}

TEST_CASE("draining refuses Allocate with 403 while existing allocations refresh and end as usual") {
    Harness h;
    REQUIRE(h.allocate());
    h.core->set_draining(true);
    CHECK(h.core->draining());
    h.move_to(40001);
    CHECK_FALSE(h.allocate());
    CHECK(h.last_error() == 403);
    CHECK(h.core->allocation_count() == 1);
    h.move_to(40000);
    CHECK(refresh(h, 600));
    CHECK(refresh(h, 0));
    CHECK(h.core->allocation_count() == 0);
}

TEST_CASE("the census counts allocations, permissions, live channels, and traffic of live and freed allocations") {
    Harness h;
    REQUIRE(h.allocate());
    REQUIRE(h.bind_channel(0x4001, kPeer));
    h.send(channel_data(8));
    h.move_to(40001);
    REQUIRE(h.allocate());
    std::vector<ClientKey> clients;
    auto c = h.core->census([&](const ClientKey& k) { clients.push_back(k); });
    CHECK(c.allocations == 2);
    CHECK(clients.size() == 2);
    CHECK(c.permissions == 1);
    CHECK(c.channels == 1);
    CHECK(c.traffic.packets_to_peer == 1);
    h.move_to(40000);
    REQUIRE(refresh(h, 0));
    c = h.core->census([](const ClientKey&) {});
    CHECK(c.allocations == 1);
    CHECK(c.permissions == 0);
    CHECK(c.traffic.bytes_to_peer == 8);  // the freed allocation's traffic stays counted
}

TEST_CASE("traffic by user is kept only when asked for, for freed and live allocations") {
    Harness h;
    CHECK(h.core->traffic_by_user().empty());
    h.core->track_users();
    REQUIRE(h.allocate());
    REQUIRE(h.bind_channel(0x4001, kPeer));
    h.send(channel_data(6));
    REQUIRE(refresh(h, 0));
    h.user = "bob";
    h.password = "builder";
    h.move_to(40001);
    REQUIRE(h.allocate());
    const auto by_user = h.core->traffic_by_user();
    REQUIRE(by_user.size() == 2);
    CHECK(by_user.at(kUser).bytes_to_peer == 6);
    CHECK(by_user.at("bob").bytes_to_peer == 0);
}

TEST_CASE("per-user traffic is bounded: past the limit new names count together") {
    UserTraffic t;
    for (std::size_t i = 0; i < UserTraffic::kMaxUsers + 5; ++i) t.add("user" + std::to_string(i), {1, 1, 0, 0, 0});
    CHECK(t.totals().size() == UserTraffic::kMaxUsers + 1);
    CHECK(t.totals().at(std::string(UserTraffic::kOtherUsers)).packets_to_peer == 5);
}

TEST_CASE("new live settings take over: a removed user gets 401, a newly denied peer 403") {
    Harness h;
    REQUIRE(h.allocate());
    REQUIRE(h.permit(kPeer));
    auto users = turn::auth::load_static_users(std::vector<std::string>{"bob:builder"}, kRealm);
    REQUIRE(users);
    turn::auth::AuthConfig ac;
    ac.realm = kRealm;
    ac.static_users = std::move(*users);
    auto authenticator = turn::auth::Authenticator::create(std::move(ac));
    REQUIRE(authenticator);
    PeerPolicyConfig policy;
    policy.allow_loopback = true;
    policy.denied.push_back(*IpRange::parse("198.51.100.20"));
    h.core->apply({std::make_shared<const turn::auth::Authenticator>(std::move(*authenticator)),
                   std::make_shared<const PeerPolicy>(policy)});
    CHECK_FALSE(refresh(h, 600));
    CHECK(h.last_error() == 401);
    h.user = "bob";
    h.password = "builder";
    h.move_to(40001);
    REQUIRE(h.allocate());
    CHECK_FALSE(h.permit(kPeer));
    CHECK(h.last_error() == 403);
}

TEST_CASE("Binding success and error responses are counted apart") {
    Harness h;
    h.send(h.request(Method::Binding, [](MessageBuilder&) {}, false));
    h.send(h.request(Method::Binding, [](MessageBuilder& b) { b.add_raw(0x0007, {}); }, false));
    CHECK(h.core->counters().binding_requests == 2);
    CHECK(h.core->counters().binding_responses == 1);
    CHECK(h.core->counters().binding_errors == 1);
}
