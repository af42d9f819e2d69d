// Each tool's --help comes from the table its parser reads (server/usage.hpp):
// every option and command the help lists is one the parser takes, and the
// natdiscovery parser refuses bad command lines with a reason.
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>

#include "admin_args.hpp"
#include "tools/natdiscovery/options.hpp"
#include "turnctl_args.hpp"

using namespace turn;

namespace {

// The words of a help term: "-b, --db, --userdb <file>" -> {"-b", "--db",
// "--userdb", "<file>"}.
std::vector<std::string> words(const std::string& term) {
    std::istringstream in(term);
    std::vector<std::string> out;
    for (std::string w; in >> w;) {
        if (w.ends_with(',')) w.pop_back();
        out.push_back(w);
    }
    return out;
}

std::vector<std::string> flags_of(const usage::Entry& e) {
    std::vector<std::string> flags;
    for (const auto& w : words(e.term))
        if (w.starts_with('-')) flags.push_back(w);
    return flags;
}

bool takes_value(const usage::Entry& e) { return e.term.find('<') != std::string::npos; }

const usage::Section& section(const usage::Usage& u, const std::string& title) {
    const auto it = std::find_if(u.sections.begin(), u.sections.end(),
                                 [&](const usage::Section& s) { return s.title == title; });
    INFO(title);
    REQUIRE(it != u.sections.end());
    return *it;
}

// argv for getopt: pointers into `args`.
std::vector<char*> argv_of(std::vector<std::string>& args) {
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    return argv;
}

Result<tools::NatDiscoveryOptions, std::string> natdiscovery(std::vector<std::string> args) {
    args.insert(args.begin(), "turnutils_natdiscovery");
    auto argv = argv_of(args);
    return tools::parse_natdiscovery_options(static_cast<int>(args.size()), argv.data());
}

}  // namespace

TEST_CASE("turnadmin: every flag its help lists is one the parser knows") {
    const auto u = admin::admin_usage();
    std::size_t checked = 0;
    for (const auto& s : u.sections) {
        const bool refused = s.title.starts_with("Refused");
        for (const auto& e : s.entries) {
            for (const auto& flag : flags_of(e)) {
                std::vector<std::string_view> args{flag};
                if (takes_value(e)) args.push_back("1");
                const auto parsed = admin::parse_admin_args(args);
                INFO(flag);
                if (refused) {
                    REQUIRE_FALSE(parsed);
                    CHECK(parsed.error().code == admin::ArgErrorCode::Unsupported);
                } else {
                    CHECK((parsed || parsed.error().code != admin::ArgErrorCode::UnknownOption));
                }
                ++checked;
            }
        }
    }
    CHECK(checked >= 30);
}

TEST_CASE("turnctl: every option and command its help lists parses") {
    const auto u = turnctl::usage();
    for (const auto& e : section(u, "Options").entries) {
        for (const auto& flag : flags_of(e)) {
            std::vector<std::string_view> args{flag};
            if (takes_value(e)) args.push_back("1");
            args.push_back("status");
            const auto parsed = turnctl::parse_args(args);
            INFO(flag);
            CHECK(parsed);
        }
    }
    const auto& commands = section(u, "Commands").entries;
    CHECK(commands.size() == 6);
    for (const auto& e : commands) {
        // "drain [--deadline <seconds>] [--wait]" -> drain --deadline 7 --wait
        std::vector<std::string> line;
        for (auto w : words(e.term)) {
            std::erase_if(w, [](char c) { return c == '[' || c == ']'; });
            line.push_back(w.starts_with('<') ? "7" : w);
        }
        const std::vector<std::string_view> args(line.begin(), line.end());
        const auto parsed = turnctl::parse_args(args);
        INFO(e.term);
        REQUIRE(parsed);
        CHECK(parsed->request.starts_with(line.front()));
    }
}

TEST_CASE("turnutils_natdiscovery: every flag its help lists parses") {
    const auto u = tools::natdiscovery_usage();
    for (const auto& e : u.sections.front().entries) {
        for (const auto& flag : flags_of(e)) {
            std::vector<std::string> args{flag};
            if (takes_value(e)) args.push_back("7");
            args.push_back("127.0.0.1");
            INFO(flag);
            CHECK(natdiscovery(args));
        }
    }
}

TEST_CASE("turnutils_natdiscovery: options, defaults and the server address") {
    const auto both = natdiscovery({"192.0.2.1"});
    REQUIRE(both);
    CHECK(both->mapping);
    CHECK(both->filtering);
    CHECK(both->port == 3478);
    CHECK(both->padding == 0);
    CHECK(both->server_ip == "192.0.2.1");
    const auto some = natdiscovery({"-m", "-P", "-p", "3479", "-L", "127.0.0.2", "127.0.0.1"});
    REQUIRE(some);
    CHECK(some->mapping);
    CHECK_FALSE(some->filtering);
    CHECK(some->padding == 1500);
    CHECK(some->port == 3479);
    CHECK(some->local_ip == "127.0.0.2");
    const auto clustered = natdiscovery({"-mfp3480", "127.0.0.1"});
    REQUIRE(clustered);
    CHECK(clustered->port == 3480);
    CHECK(natdiscovery({"--help"})->help);
    CHECK(natdiscovery({"-h"})->help);
}

TEST_CASE("turnutils_natdiscovery: bad command lines are refused with a reason") {
    for (const auto& bad : std::vector<std::vector<std::string>>{{},
                                                                 {"-p", "0", "127.0.0.1"},
                                                                 {"-p", "65536", "127.0.0.1"},
                                                                 {"-p", "34x", "127.0.0.1"},
                                                                 {"127.0.0.1", "-p"},
                                                                 {"-x", "127.0.0.1"},
                                                                 {"--bogus", "127.0.0.1"},
                                                                 {"127.0.0.1", "127.0.0.2"}}) {
        const auto parsed = natdiscovery(bad);
        REQUIRE_FALSE(parsed);
        INFO(parsed.error());
        CHECK_FALSE(parsed.error().empty());
    }
    CHECK(natdiscovery({"-x", "127.0.0.1"}).error() == "unknown option -x");
    CHECK(natdiscovery({"127.0.0.1", "-p"}).error() == "-p needs a value");
}
