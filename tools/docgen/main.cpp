// turn_docgen: build-time generator (not installed) of what the install
// ships besides the programs, from the code the programs run:
//
//   turn_docgen man <template> <page>   a man page from man/<page>.in and the
//                                       programs' --help data (man_page.hpp)
//   turn_docgen schema <file>           the SQLite schema TurnDb creates
//
// Exit status: 0 written, 1 bad arguments or template, 2 cannot read or write.
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>

#include "admin_args.hpp"
#include "auth/turn_db.hpp"
#include "server/config/load_config.hpp"
#include "signaling/turnsignal_usage.hpp"
#include "tools/docgen/man_page.hpp"
#include "tools/natdiscovery/options.hpp"
#include "tools/rfc5769check_usage.hpp"
#include "turnctl_args.hpp"

namespace {

using namespace turn;

constexpr int kExitOk = 0;
constexpr int kExitUsage = 1;
constexpr int kExitIo = 2;

std::optional<usage::Usage> program_usage(std::string_view program) {
    static const std::map<std::string_view, usage::Usage (*)()> kPrograms = {
        {"turnserver", [] { return config::server_usage("turnserver"); }},
        {"turnsignal", signaling::turnsignal_usage},
        {"turnadmin", admin::admin_usage},
        {"turnctl", turnctl::usage},
        {"turnutils_natdiscovery", tools::natdiscovery_usage},
        {"turnutils_rfc5769check", tools::rfc5769check_usage},
    };
    const auto it = kPrograms.find(program);
    if (it == kPrograms.end()) return std::nullopt;
    return it->second();
}

bool write_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) std::cerr << "turn_docgen: cannot write " << path << "\n";
    return static_cast<bool>(out);
}

int man(const std::string& template_path, const std::string& page_path) {
    std::ifstream in(template_path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) return std::cerr << "turn_docgen: cannot read " << template_path << "\n", kExitIo;
    const auto page = docgen::man_page(text.str(), program_usage, config::version());
    if (!page) return std::cerr << "turn_docgen: " << template_path << ": " << page.error() << "\n", kExitUsage;
    return write_file(page_path, *page) ? kExitOk : kExitIo;
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() == 3 && args[0] == "man") return man(args[1], args[2]);
    if (args.size() == 2 && args[0] == "schema") return write_file(args[1], auth::schema_sql()) ? kExitOk : kExitIo;
    std::cerr << "usage: turn_docgen man <template> <page> | turn_docgen schema <file>\n";
    return kExitUsage;
}
