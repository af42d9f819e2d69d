// coturn's turnutils_uclient over DTLS (-S without -t) against our server:
// a client nobody here wrote, on the UDP side of the TLS port. Half of
// uclient's clients start with DTLS 1.0, which this server refuses (RFC
// 8996); uclient then retries with a new socket until it gets DTLS 1.2, so
// the refusal path with its alert is exercised too.
#include <catch2/catch.hpp>

#include "dtls_fixture.hpp"
#include "fixtures.hpp"
#include "uclient.hpp"

using namespace turn;
using namespace turn::itest;

namespace {

// Two relay threads, so clients spread over the SO_REUSEPORT DTLS sockets.
ServerConfig uclient_server(const DtlsServerSetup& dtls) {
    auto lines = long_term_auth_lines();
    lines.push_back("allow-loopback-peers");
    return dtls.config(lines, 16, 2);
}

std::vector<std::string> dtls_options(std::vector<std::string> more) {
    more.insert(more.begin(), {"-S", "-u", kUser, "-w", kPassword});
    return more;
}

}  // namespace

TEST_CASE("turnutils_uclient -S over DTLS relays through channels with no loss", "[coturn][dtls]") {
    DtlsServerSetup dtls;
    ServerProcess server(uclient_server(dtls));
    require_lossless_run(dtls.port, dtls_options({"-m", "4"}));
}

TEST_CASE("turnutils_uclient -S -s over DTLS relays through Send and Data indications with no loss", "[coturn][dtls]") {
    DtlsServerSetup dtls;
    ServerProcess server(uclient_server(dtls));
    require_lossless_run(dtls.port, dtls_options({"-s", "-m", "4"}));
}
