// tools/docgen: a man page is its template with each program's --help data
// in roff.
#include <catch2/catch.hpp>

#include "tools/docgen/man_page.hpp"

using namespace turn;
using docgen::man_page;
using docgen::roff_text;

namespace {

usage::Usage tool_usage() {
    return {"tool",
            {"[-v] <host>"},
            "Does a thing.",
            {{"Options", {{"-v, --verbose", "say more"}, {"    --port <port>", "where (default 3478)"}}}},
            "0 done, 1 not."};
}

std::optional<usage::Usage> lookup(std::string_view program) {
    if (program == "tool") return tool_usage();
    return std::nullopt;
}

}  // namespace

TEST_CASE("roff text: backslashes, leading dots and quotes, minus signs") {
    CHECK(roff_text("a\\b") == "a\\eb");
    CHECK(roff_text(".conf files") == "\\&.conf files");
    CHECK(roff_text("'quoted'") == "\\&'quoted'");
    CHECK(roff_text("a.b 'c'") == "a.b 'c'");
    // Copyable, and never broken across lines.
    CHECK(roff_text("use --no-udp or (-m) with admin-password-hash") ==
          "use \\-\\-no\\-udp or (\\-m) with admin\\-password\\-hash");
}

TEST_CASE("a template's parts become the program's synopsis, summary, options and exit status") {
    const auto page = man_page(".TH TOOL 1 \"\" \"pkg @VERSION@\"\n"
                               ".SH SYNOPSIS\n@SYNOPSIS tool@\n"
                               ".SH DESCRIPTION\n@SUMMARY tool@\n"
                               ".SH OPTIONS\n@OPTIONS tool@\n"
                               ".SH EXIT STATUS\n@EXIT_STATUS tool@\n",
                               lookup, "1.2.3");
    REQUIRE(page);
    CHECK(*page ==
          ".TH TOOL 1 \"\" \"pkg 1.2.3\"\n"
          ".SH SYNOPSIS\n.B tool\n[\\-v] <host>\n"
          ".SH DESCRIPTION\n.PP\nDoes a thing.\n"
          ".SH OPTIONS\n"
          ".TP\n\\fB\\-v, \\-\\-verbose\\fR\nsay more\n"
          ".TP\n\\fB\\-\\-port \\fI<port>\\fB\\fR\nwhere (default 3478)\n"
          ".SH EXIT STATUS\n0 done, 1 not.\n");
}

TEST_CASE("several sections of options get a subheading each") {
    auto two = [](std::string_view) {
        auto u = tool_usage();
        u.sections.push_back({"Commands", {{"go", "start"}}});
        return std::optional(u);
    };
    const auto page = man_page("@OPTIONS tool@\n", two, "1");
    REQUIRE(page);
    CHECK(page->find(".SS Options\n") != std::string::npos);
    CHECK(page->find(".SS Commands\n.TP\n\\fBgo\\fR\nstart\n") != std::string::npos);
}

TEST_CASE("a template naming an unknown program or part is refused with its line") {
    const auto program = man_page(".TH X 1\n@OPTIONS nosuch@\n", lookup, "1");
    REQUIRE_FALSE(program);
    CHECK(program.error() == "line 2: unknown program 'nosuch'");
    const auto part = man_page("@FOO tool@\n", lookup, "1");
    REQUIRE_FALSE(part);
    CHECK(part.error() == "line 1: unknown part '@FOO tool@'");
    CHECK_FALSE(man_page("@OPTIONS@\n", lookup, "1"));
}
