// What a program's --help says, as data. Every program of the project builds
// its Usage from the table its own argument parser reads (turnserver's option
// table, turnadmin's, turnctl's ...); render_help() prints it for --help, and
// tools/docgen renders the same Usage as the man page's SYNOPSIS and OPTIONS.
// So an option cannot be parsed without being in --help, and cannot be in
// --help without being in the man page.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace turn::usage {

// One line of the list: an option ("-p, --listening-port <port>") or a
// command ("drain [--deadline <s>] [--wait]"), and what it does.
struct Entry {
    std::string term;
    std::string help;
};

// A titled group of entries ("Listeners", "Commands").
struct Section {
    std::string title;
    std::vector<Entry> entries;
};

struct Usage {
    std::string program;                // "turnserver"
    std::vector<std::string> synopsis;  // what follows the name, one form a line: "[options]"
    std::string summary;                // one paragraph: what the program does
    std::vector<Section> sections;
    std::string exit_status;            // "0 done, 1 bad arguments, ..."
};

// "-p, --listening-port <port>", "    --version", "-m": a short flag (0 for
// none), long names (the first is the main one), and the value's name.
// `value` is written after a space, unless it starts with '[' or '=' (an
// optional value, "--stale-nonce[=<seconds>]").
std::string option_term(char short_flag, const std::vector<std::string_view>& long_names, std::string_view value);

// The --help text: "Usage: program synopsis" lines, the summary, each
// section with its entries in two columns, then "Exit status: ..."; wrapped
// at 79 columns.
std::string render_help(const Usage& usage);

// `text` as lines of at most `width` columns, broken at spaces (a longer
// word stays whole on a line of its own).
std::vector<std::string> wrap(std::string_view text, std::size_t width);

}  // namespace turn::usage
