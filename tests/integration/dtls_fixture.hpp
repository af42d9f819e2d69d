// What the DTLS tests share: a server with DTLS on (a test certificate,
// `dtls`, and a TLS port of the test's own), and reading its log.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "server_process.hpp"
#include "test_certificate.hpp"

namespace turn::itest {

using namespace std::chrono_literals;

// A handshake takes milliseconds on loopback; this allows for ASan and
// a retransmission or two.
inline constexpr std::chrono::milliseconds kDtlsHandshakeTimeout = 5s;

struct DtlsServerSetup {
    TestCertificate certificate = make_test_certificate("dtls.test", 1);
    std::uint16_t port = free_udp_port();  // tls-listening-port, UDP side

    // cert, pkey, dtls and the port, then `extra`.
    ServerConfig config(std::vector<std::string> extra, std::uint16_t relay_ports = 16,
                        std::size_t relay_threads = 1) const;
    proto::TransportAddress address() const;
};

std::size_t count_occurrences(std::string_view text, std::string_view what);

// Polls the server's log until `text` shows up; false after `timeout`.
bool wait_for_log(const ServerProcess& server, std::string_view text, std::chrono::milliseconds timeout);

}  // namespace turn::itest
