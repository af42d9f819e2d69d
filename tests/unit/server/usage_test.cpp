// server/usage: the --help every program prints, from the Usage data its
// man page is also made from.
#include <catch2/catch.hpp>

#include "server/usage.hpp"

using namespace turn::usage;

TEST_CASE("option terms: short flag, long names, then the value") {
    CHECK(option_term('p', {"listening-port"}, "<port>") == "-p, --listening-port <port>");
    CHECK(option_term(0, {"version"}, "") == "    --version");
    CHECK(option_term('b', {"db", "userdb"}, "<file>") == "-b, --db, --userdb <file>");
    CHECK(option_term('m', {}, "") == "-m");
    CHECK(option_term(0, {"stale-nonce"}, "[=<seconds>]") == "    --stale-nonce[=<seconds>]");
}

TEST_CASE("wrap breaks at spaces within the width and keeps a longer word whole") {
    CHECK(wrap("one two three", 7) == std::vector<std::string>{"one two", "three"});
    CHECK(wrap("  spaced   out  ", 80) == std::vector<std::string>{"spaced out"});
    CHECK(wrap("a /a/very/long/path b", 5) == std::vector<std::string>{"a", "/a/very/long/path", "b"});
    CHECK(wrap("", 10).empty());
}

TEST_CASE("help: usage lines, summary, sections in two columns, exit status") {
    const Usage u{"tool",
                  {"[options] <host>", "--other"},
                  "Does a thing.",
                  {{"Options",
                    {{"-a", "first"},
                     {"    --a-very-long-option-name-indeed <value>", "goes on a line of its own"}}},
                   {"Commands", {{"go", "start"}}}},
                  "0 done, 1 not."};
    CHECK(render_help(u) ==
          "Usage: tool [options] <host>\n"
          "       tool --other\n"
          "\n"
          "Does a thing.\n"
          "\n"
          "Options:\n"
          "  -a  first\n"
          "      --a-very-long-option-name-indeed <value>\n"
          "      goes on a line of its own\n"
          "\n"
          "Commands:\n"
          "  go  start\n"
          "\n"
          "Exit status: 0 done, 1 not.\n");
}

TEST_CASE("help: long help wraps under its column, no line over 79 columns") {
    const Usage u{"tool", {""}, "", {{"Options", {{"-x", std::string(30, 'w') + " " + std::string(60, 'z')}}}}, ""};
    const std::string help = render_help(u);
    CHECK(help.starts_with("Usage: tool\n"));
    CHECK(help.find("  -x  " + std::string(30, 'w') + "\n      " + std::string(60, 'z') + "\n") != std::string::npos);
    for (std::size_t at = 0, end; (end = help.find('\n', at)) != std::string::npos; at = end + 1)
        CHECK(end - at <= 79);
}
