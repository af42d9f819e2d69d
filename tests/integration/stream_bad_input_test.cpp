// What a TCP or TLS client must not be able to do: make the server hold a
// connection that is not TURN, or one that stalls before its first request,
// or keep reading a stream whose framing is lost. Each bad connection is
// closed, within its deadline, with a log line naming the client and why;
// and the server goes on serving a good client afterwards.
#include <catch2/catch.hpp>

#include "fixtures.hpp"
#include "stream_client.hpp"

using namespace turn;
using namespace turn::itest;

namespace {

// Leading bits 11: neither STUN (00), ChannelData (01) nor a TLS record (0x16).
const Bytes kGarbage = {0xFF, 0x00, 0x13, 0x37, 0xDE, 0xAD, 0xBE, 0xEF};

void require_garbage_closed_at_once(const ServerProcess& server) {
    TcpStream raw(server.address());
    REQUIRE(raw.write(kGarbage));
    const auto took =
        require_closed_with_log(server, raw, "TCP", "first byte is neither STUN, ChannelData nor TLS", kAnswerTimeout);
    CHECK(took < kAtOnce);
}

// The first 16 bytes of a TLS 1.2 ClientHello whose record says 512 bytes
// follow (RFC 8446 §5.1 record header, §4 handshake header).
const Bytes kPartialClientHello = {0x16, 0x03, 0x01, 0x02, 0x00,  // handshake record, 512 bytes
                                   0x01, 0x00, 0x01, 0xFC,        // ClientHello, 508 bytes
                                   0x03, 0x03,                    // legacy_version TLS 1.2
                                   0x5A, 0x5A, 0x5A, 0x5A, 0x5A};  // the start of random

// A Binding request header that says 65532 bytes of attributes follow, the
// most a STUN length can say (RFC 8489 §5), and then nothing does.
Bytes huge_stun_header() {
    Bytes header = binding_request();
    header[2] = 0xFF;
    header[3] = 0xFC;
    return header;
}

}  // namespace

TEST_CASE("a first byte that is neither STUN nor TLS on a port with TLS: closed at once, then a good client is served", "[stream][bad]") {
    const TestCertificate cert = make_test_certificate("turn-itest", 1);
    ServerProcess server(tls_server(cert));
    require_garbage_closed_at_once(server);
    require_served(tls_client_of(server));
    require_served(tcp_client_of(server));
}

TEST_CASE("a first byte that is neither STUN nor TLS on a plain TCP port: closed at once, then a good client is served", "[stream][bad]") {
    ServerProcess server(stream_server());
    require_garbage_closed_at_once(server);
    require_served(tcp_client_of(server));
}

TEST_CASE("a TLS ClientHello to a server without a certificate: the handshake fails at once with a log line", "[stream][bad][tls]") {
    ServerProcess server(stream_server());
    TcpStream tcp(server.address());
    const auto client = tcp.local_address();
    const auto start = std::chrono::steady_clock::now();
    CHECK_THROWS_AS(TlsStream(std::move(tcp)), std::runtime_error);
    CHECK(std::chrono::steady_clock::now() - start < kAtOnce);
    require_close_logged(server, "TCP", client, "TLS handshake on a port without TLS");
    require_served(tcp_client_of(server));
}

TEST_CASE("a connection that sends nothing is dropped after tcp-handshake-timeout", "[stream][bad]") {
    ServerProcess server(stream_server());
    TcpStream silent(server.address());
    const auto took = require_closed_with_log(server, silent, "TCP", "nothing received within the handshake timeout",
                                              kStreamDeadline + kAnswerTimeout);
    CHECK(took >= kStreamDeadline - kTimerSlack);
    require_served(tcp_client_of(server));
}

TEST_CASE("a TLS handshake that stalls after part of the ClientHello is dropped after tcp-handshake-timeout", "[stream][bad][tls]") {
    const TestCertificate cert = make_test_certificate("turn-itest", 1);
    ServerProcess server(tls_server(cert));
    TcpStream stalled(server.address());
    REQUIRE(stalled.write(kPartialClientHello));
    const auto took = require_closed_with_log(server, stalled, "TLS", "TLS handshake not finished within the handshake timeout",
                                              kStreamDeadline + kAnswerTimeout);
    CHECK(took >= kStreamDeadline - kTimerSlack);
    require_served(tls_client_of(server));
}

TEST_CASE("a STUN header that claims 64 KiB and then stalls is dropped after tcp-handshake-timeout", "[stream][bad]") {
    ServerProcess server(stream_server());
    TcpStream stalled(server.address());
    REQUIRE(stalled.write(huge_stun_header()));
    const auto took = require_closed_with_log(server, stalled, "TCP", "no complete request within the handshake timeout",
                                              kStreamDeadline + kAnswerTimeout);
    CHECK(took >= kStreamDeadline - kTimerSlack);
    require_served(tcp_client_of(server));
}

TEST_CASE("a stream that loses framing after a good request (a bad magic cookie) is closed: framing lost", "[stream][bad]") {
    ServerProcess server(stream_server());
    TcpStream raw(server.address());
    REQUIRE(raw.write(binding_request()));
    Bytes answer;
    REQUIRE(raw.read(answer, kAnswerTimeout) == ReadStatus::Data);
    CHECK(proto::StunMessage::decode(answer).ok());
    Bytes bad_cookie = binding_request();
    bad_cookie[4] ^= 0xFF;
    REQUIRE(raw.write(bad_cookie));
    const auto took = require_closed_with_log(server, raw, "TCP", "framing lost: STUN frame with a bad magic cookie",
                                              kAnswerTimeout);
    CHECK(took < kAtOnce);
    require_served(tcp_client_of(server));
}
