#include "dtls_fixture.hpp"

#include <thread>

#include "udp_endpoint.hpp"

namespace turn::itest {

ServerConfig DtlsServerSetup::config(std::vector<std::string> extra, std::uint16_t relay_ports,
                                     std::size_t relay_threads) const {
    std::vector<std::string> lines = certificate_lines(certificate);
    // A later tls-listening-port overrides the one ServerProcess writes.
    lines.insert(lines.end(), {"dtls", "tls-listening-port=" + std::to_string(port)});
    lines.insert(lines.end(), extra.begin(), extra.end());
    return {lines, relay_ports, relay_threads};
}

proto::TransportAddress DtlsServerSetup::address() const { return ip_port("127.0.0.1", port); }

std::size_t count_occurrences(std::string_view text, std::string_view what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string_view::npos; at = text.find(what, at + what.size())) ++n;
    return n;
}

bool wait_for_log(const ServerProcess& server, std::string_view text, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        if (server.log().find(text) != std::string::npos) return true;
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(50ms);
    }
}

}  // namespace turn::itest
