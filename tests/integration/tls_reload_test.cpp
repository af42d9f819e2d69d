// Certificate renewal without a restart (coturn's convention): on SIGUSR2
// the server reads its cert and pkey files again. New TLS connections get the
// new certificate; connections and allocations made before keep going; a
// file that cannot be loaded is logged and the old certificate stays.
#include <catch2/catch.hpp>

#include <signal.h>

#include <filesystem>

#include "fixtures.hpp"
#include "stream_client.hpp"

using namespace turn;
using namespace turn::itest;

namespace {

constexpr auto kReloaded = "SIGUSR2: TLS certificate and key reloaded";
constexpr auto kReloadFailed = "SIGUSR2: TLS reload failed, keeping the old certificate";

// A renewal in place: the files the server was started with now hold `renewed`.
void install(const TestCertificate& renewed, const TestCertificate& at) {
    const auto overwrite = std::filesystem::copy_options::overwrite_existing;
    std::filesystem::copy_file(renewed.cert, at.cert, overwrite);
    std::filesystem::copy_file(renewed.key, at.key, overwrite);
}

// The certificate a new TLS connection is served.
Bytes presented_certificate(const ServerProcess& server) {
    return TlsStream(TcpStream(server.address())).peer_certificate();
}

// A server on certificate A with a TLS client whose allocation relays to a peer.
struct TlsAllocation {
    TestCertificate a = make_test_certificate("turn-itest-a", 1);
    TestCertificate b = make_test_certificate("turn-itest-b", 2);
    ServerProcess server{tls_server(a)};
    TurnClient client = tls_client_of(server);
    proto::TransportAddress relayed = require_allocation(client);
    UdpEndpoint peer;

    TlsAllocation() {
        REQUIRE(client.channel_bind(kChannel, peer.address())->is_success());
        require_channel_round_trip(client, kChannel, peer, relayed, as_bytes("before the reload"));
        REQUIRE(presented_certificate(server) == a.der);
    }
};

}  // namespace

TEST_CASE_METHOD(TlsAllocation, "SIGUSR2: new TLS connections get the renewed certificate, and an allocation made before keeps relaying", "[stream][tls]") {
    install(b, a);
    server.signal(SIGUSR2);
    REQUIRE(server.log_shows(kReloaded, kAnswerTimeout));
    CHECK(presented_certificate(server) == b.der);
    require_channel_round_trip(client, kChannel, peer, relayed, as_bytes("after the reload"));
    require_served(tls_client_of(server));
}

TEST_CASE_METHOD(TlsAllocation, "SIGUSR2 with a broken certificate file: an error is logged and the old certificate stays", "[stream][tls]") {
    std::filesystem::resize_file(a.cert, 100);  // a PEM cut short
    server.signal(SIGUSR2);
    // The error names the file.
    REQUIRE(server.log_shows(std::string(kReloadFailed) + ": cert " + a.cert.string(), kAnswerTimeout));
    CHECK(presented_certificate(server) == a.der);
    require_channel_round_trip(client, kChannel, peer, relayed, as_bytes("after the failed reload"));
}
