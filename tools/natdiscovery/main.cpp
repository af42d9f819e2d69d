// turnutils_natdiscovery: RFC 5780 NAT behaviour discovery against a STUN
// server, like coturn's tool of that name. -m runs the mapping tests (§4.3),
// -f the filtering tests (§4.4), -P pads every request (§3.5); each answer is
// printed as it comes, then the behaviour found:
//
//   Mapping test I: response from 127.0.0.1:3478: mapped 127.0.0.1:40000, ...
//   NAT mapping behaviour: endpoint-independent (no NAT)
#include <iostream>
#include <openssl/rand.h>

#include "tools/natdiscovery/discovery.hpp"
#include "tools/natdiscovery/options.hpp"
#include "tools/natdiscovery/udp_probe.hpp"

using namespace turn;
using namespace turn::proto;
using namespace turn::tools;

namespace {

constexpr int kExitOk = 0;
constexpr int kExitUsage = 1;
constexpr int kExitNoDiscovery = 2;  // no answer, or a server without RFC 5780

using Options = NatDiscoveryOptions;

TransactionId fresh_tid() {
    TransactionId tid;
    (void)RAND_bytes(tid.bytes.data(), static_cast<int>(tid.bytes.size()));
    return tid;
}

// One Binding transaction, printed under `label`; nullopt when it got no
// usable answer.
std::optional<ProbeAnswer> probe(const UdpProbe& socket, const TransportAddress& to, ProbeRequest ask,
                                 std::size_t padding, const std::string& label) {
    ask.padding = padding;
    const TransactionId tid = fresh_tid();
    const auto got = socket.transact(to, probe_request(tid, ask), tid, {});
    if (!got) return std::cout << label << ": no answer\n", std::nullopt;
    auto answer = read_answer(*StunMessage::decode(got->bytes), got->from);  // transact() saw it decode
    if (!answer) return std::cout << label << ": " << answer.error() << "\n", std::nullopt;
    std::cout << label << ": " << describe(*answer) << "\n";
    return *answer;
}

// Test I of either section: a plain Binding request to the server. Its
// answer must name the server's other address.
std::optional<ProbeAnswer> test_one(const UdpProbe& socket, const TransportAddress& server, std::size_t padding,
                                    const std::string& label) {
    auto answer = probe(socket, server, {}, padding, label);
    if (answer && !answer->other) {
        std::cout << "The server does not support RFC 5780: no OTHER-ADDRESS\n";
        return std::nullopt;
    }
    return answer;
}

bool mapping(const UdpProbe& socket, const TransportAddress& server, std::size_t padding) {
    const auto one = test_one(socket, server, padding, "Mapping test I");
    if (!one) return false;
    std::optional<ProbeAnswer> two, three;
    if (one->mapped != socket.local()) {
        TransportAddress alternate_ip = *one->other;
        alternate_ip.port = server.port;
        two = probe(socket, alternate_ip, {}, padding, "Mapping test II (alternate address)");
        if (!two) return false;
        if (two->mapped != one->mapped)
            three = probe(socket, *one->other, {}, padding, "Mapping test III (alternate address and port)");
    }
    const auto test3 = three ? std::optional(three->mapped) : std::nullopt;
    const auto found = mapping_behaviour(socket.local(), one->mapped, two ? two->mapped : one->mapped, test3);
    std::cout << "NAT mapping behaviour: " << behaviour_name(found) << "\n";
    return true;
}

bool filtering(const UdpProbe& socket, const TransportAddress& server, std::size_t padding) {
    if (!test_one(socket, server, padding, "Filtering test I")) return false;
    const bool two = probe(socket, server, {true, true}, padding, "Filtering test II (change IP and port)").has_value();
    const bool three = !two && probe(socket, server, {false, true}, padding, "Filtering test III (change port)");
    std::cout << "NAT filtering behaviour: " << behaviour_name(filtering_behaviour(two, three)) << "\n";
    return true;
}

Result<TransportAddress, std::string> local_address(const Options& o, const TransportAddress& server) {
    if (o.local_ip.empty()) return local_address_towards(server);
    const auto local = TransportAddress::parse(o.local_ip, 0);
    if (!local) return unexpected("not an IP address: " + o.local_ip);
    return *local;
}

int run(const Options& o) {
    const auto server = TransportAddress::parse(o.server_ip, o.port);
    if (!server) return std::cerr << "turnutils_natdiscovery: not an IP address: " << o.server_ip << "\n", kExitUsage;
    const auto local = local_address(o, *server);
    if (!local) return std::cerr << "turnutils_natdiscovery: " << local.error() << "\n", kExitUsage;
    bool ok = true;
    // RFC 5780 §4.1: each test from a port that has sent nothing before.
    for (auto [wanted, test] : {std::pair{o.mapping, &mapping}, std::pair{o.filtering, &filtering}}) {
        if (!wanted) continue;
        auto socket = UdpProbe::open(*local);
        if (!socket) return std::cerr << "turnutils_natdiscovery: " << socket.error() << "\n", kExitUsage;
        ok = test(*socket, *server, o.padding) && ok;
    }
    return ok ? kExitOk : kExitNoDiscovery;
}

}  // namespace

int main(int argc, char** argv) {
    const auto options = parse_natdiscovery_options(argc, argv);
    if (!options) {
        std::cerr << "turnutils_natdiscovery: " << options.error() << "\n\n" << usage::render_help(natdiscovery_usage());
        return kExitUsage;
    }
    if (options->help) return std::cout << usage::render_help(natdiscovery_usage()), kExitOk;
    return run(*options);
}
