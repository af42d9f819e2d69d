// Nothing is kept for a client before it authenticates (DESIGN.md: stateless
// nonces), so a flood of Allocates from spoofed-looking sources costs CPU
// only: the server's resident memory stays where it was. A server that kept
// even a hundred bytes per source would grow by megabytes here.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>

#include "fixtures.hpp"

using namespace turn;
using namespace turn::itest;
using namespace turn::proto;

namespace {

constexpr int kRounds = 20;
constexpr int kSourcesPerRound = 100;  // a new source port each
constexpr int kRequestsPerSource = 10;  // 20 000 requests from 2 000 ports in all

constexpr long kMaxGrowthKib = 2 * 1024;

// AddressSanitizer keeps freed memory in quarantine (up to 256 MiB) instead
// of reusing it, so under ASan every request's short-lived strings would
// count as growth. The server started here gets a quarantine of 1 MiB (the
// environment is inherited; this test process already read its own).
class SmallAsanQuarantine {
public:
    SmallAsanQuarantine() {
#if defined(__SANITIZE_ADDRESS__)
        const char* old = std::getenv("ASAN_OPTIONS");
        const std::string options = std::string(old ? old : "") + ":quarantine_size_mb=1:thread_local_quarantine_size_kb=64";
        setenv("ASAN_OPTIONS", options.c_str(), 1);
#endif
    }
};

long resident_kib(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string field;
    while (status >> field) {
        if (field != "VmRSS:") continue;
        long kib = -1;
        status >> kib;
        return kib;
    }
    return -1;
}

Bytes allocate_request(int variant) {
    Bytes buf(kMaxMessageSize);
    MessageBuilder b(buf, {Method::Allocate, MessageClass::Request}, random_tid());
    b.add(RequestedTransport{RequestedTransport::kUdp});
    if (variant % 2 == 1) {  // half carry credentials with a nonce the server never issued
        b.add(Username{"user" + std::to_string(variant)}).add(Realm{kRealm}).add(Nonce{std::string(48, 'f')});
        const std::uint8_t key[16] = {};
        b.add_message_integrity(key);
    }
    const auto out = b.finish();
    return Bytes(out->begin(), out->end());
}

// One round: new sources, each sending its requests; then a Binding from
// the prober, answered only once the server has read everything before it.
void flood_round(const ServerProcess& server, UdpEndpoint& prober) {
    std::vector<UdpEndpoint> sources;
    sources.reserve(kSourcesPerRound);
    for (int s = 0; s < kSourcesPerRound; ++s) sources.emplace_back();
    for (int r = 0; r < kRequestsPerSource; ++r)
        for (int s = 0; s < kSourcesPerRound; ++s) sources[s].send_to(server.address(), allocate_request(s + r));
    const Bytes probe = binding_request();
    prober.send_to(server.address(), probe);
    const auto tid = StunMessage::decode(probe)->transaction_id();
    for (auto reply = prober.receive(kAnswerTimeout); reply; reply = prober.receive(kAnswerTimeout))
        if (StunMessage::decode(reply->bytes)->transaction_id() == tid) return;
    FAIL("the server stopped answering during the flood");
}

}  // namespace

TEST_CASE("20 000 unauthenticated Allocates from 2 000 source ports leave the server's memory flat") {
    const SmallAsanQuarantine quarantine;
    ServerProcess server(auth_with({}));
    UdpEndpoint prober;
    flood_round(server, prober);  // warm-up: buffers and allocator arenas in place
    const long before = resident_kib(server.pid());
    REQUIRE(before > 0);
    for (int round = 0; round < kRounds; ++round) flood_round(server, prober);
    const long after = resident_kib(server.pid());
    INFO("VmRSS before " << before << " KiB, after " << after << " KiB");
    CHECK(after - before < kMaxGrowthKib);
    // And it still serves a real client.
    TurnClient client = client_of(server);
    require_allocation(client);
}
