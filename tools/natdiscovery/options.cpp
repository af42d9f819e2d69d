#include "tools/natdiscovery/options.hpp"

#include <getopt.h>

#include <array>
#include <charconv>
#include <string_view>
#include <vector>

namespace turn::tools {
namespace {

// coturn's -P: requests padded with 1500 bytes, more than one Ethernet frame.
constexpr std::size_t kPadding = 1500;

enum class Flag : std::uint8_t { Mapping, Filtering, Padding, Port, LocalIp, Help };

struct OptionDef {
    char name;
    std::string_view long_name;  // empty: none (coturn's tool has none)
    std::string_view value;      // empty: a flag
    Flag flag;
    std::string_view help;
};

constexpr std::array<OptionDef, 6> kOptions{{
    {'m', "", "", Flag::Mapping, "NAT mapping behaviour (RFC 5780 section 4.3)"},
    {'f', "", "", Flag::Filtering, "NAT filtering behaviour (RFC 5780 section 4.4)"},
    {'P', "", "", Flag::Padding, "pad every request with 1500 bytes (PADDING, RFC 5780 section 7.6)"},
    {'p', "", "<port>", Flag::Port, "server port (default 3478)"},
    {'L', "", "<local-ip>", Flag::LocalIp, "local address to send from (default: the one routed to the server)"},
    {'h', "help", "", Flag::Help, "print this help"},
}};

// getopt_long's ":mfPp:L:h" (':' first: a missing value returns ':') and
// its long options.
struct GetoptTables {
    std::string short_options = ":";
    std::vector<option> long_options;
};

GetoptTables getopt_tables() {
    GetoptTables t;
    for (const auto& d : kOptions) {
        t.short_options += std::string(1, d.name) + (d.value.empty() ? "" : ":");
        if (!d.long_name.empty())
            t.long_options.push_back({d.long_name.data(), d.value.empty() ? no_argument : required_argument, nullptr, d.name});
    }
    t.long_options.push_back({nullptr, 0, nullptr, 0});
    return t;
}

Result<void, std::string> apply(NatDiscoveryOptions& o, Flag flag, std::string_view value) {
    switch (flag) {
        case Flag::Mapping: o.mapping = true; return {};
        case Flag::Filtering: o.filtering = true; return {};
        case Flag::Padding: o.padding = kPadding; return {};
        case Flag::Help: o.help = true; return {};
        case Flag::LocalIp: o.local_ip = std::string(value); return {};
        case Flag::Port: {
            std::uint16_t port = 0;
            const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), port);
            if (ec != std::errc() || end != value.data() + value.size() || port == 0)
                return unexpected("-p needs a port from 1 to 65535, not '" + std::string(value) + "'");
            o.port = port;
            return {};
        }
    }
    return {};
}

}  // namespace

Result<NatDiscoveryOptions, std::string> parse_natdiscovery_options(int argc, char** argv) {
    NatDiscoveryOptions o;
    const GetoptTables tables = getopt_tables();
    optind = 0;  // glibc: start over, so the parser can run more than once (tests)
    for (int c; (c = ::getopt_long(argc, argv, tables.short_options.c_str(), tables.long_options.data(), nullptr)) != -1;) {
        if (c == ':') return unexpected(std::string("-") + static_cast<char>(optopt) + " needs a value");
        const OptionDef* d = nullptr;
        for (const auto& def : kOptions)
            if (def.name == c) d = &def;
        if (d == nullptr)
            return unexpected("unknown option " +
                              (optopt != 0 ? std::string("-") + static_cast<char>(optopt) : std::string(argv[optind - 1])));
        if (auto r = apply(o, d->flag, d->value.empty() ? "" : optarg); !r) return unexpected(r.error());
    }
    if (o.help) return o;
    if (optind + 1 != argc) return unexpected(std::string("give exactly one server address"));
    o.server_ip = argv[optind];
    if (!o.mapping && !o.filtering) o.mapping = o.filtering = true;
    return o;
}

usage::Usage natdiscovery_usage() {
    usage::Usage u{"turnutils_natdiscovery",
                   {""},
                   "RFC 5780 NAT behaviour discovery from this machine against a STUN server that supports it "
                   "(turnserver with two listening-ip addresses). Each answer is printed with its mapped address, "
                   "RESPONSE-ORIGIN and OTHER-ADDRESS, then the behaviour found. Without -m and -f, both tests run.",
                   {{"Options", {}}},
                   "0 when the tests ran, 1 for a bad command line, 2 when the server did not answer "
                   "or does not support RFC 5780."};
    for (const auto& d : kOptions) {
        u.synopsis[0] += "[-" + std::string(1, d.name) + (d.value.empty() ? "" : " " + std::string(d.value)) + "] ";
        std::vector<std::string_view> long_names;
        if (!d.long_name.empty()) long_names.push_back(d.long_name);
        u.sections[0].entries.push_back({usage::option_term(d.name, long_names, d.value), std::string(d.help)});
    }
    u.synopsis[0] += "<server-ip>";
    return u;
}

}  // namespace turn::tools
