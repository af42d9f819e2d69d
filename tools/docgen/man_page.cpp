#include "tools/docgen/man_page.hpp"

#include <algorithm>
#include <vector>

namespace turn::docgen {
namespace {

// "-p, --listening-port <port>" in bold, its value names (<...>) in italics.
std::string roff_term(std::string_view term) {
    std::string out = "\\fB";
    const auto first = term.find_first_not_of(' ');  // --help's alignment
    const std::string text = roff_text(term.substr(first == std::string_view::npos ? term.size() : first));
    for (const char c : text) {
        if (c == '<') out += "\\fI<";
        else if (c == '>') out += ">\\fB";
        else out += c;
    }
    return out + "\\fR";
}

std::string synopsis(const usage::Usage& u) {
    std::string out;
    for (std::size_t i = 0; i < u.synopsis.size(); ++i) {
        if (i > 0) out += ".br\n";
        out += ".B " + u.program + "\n";
        if (!u.synopsis[i].empty()) out += roff_text(u.synopsis[i]) + "\n";
    }
    return out;
}

std::string options(const usage::Usage& u) {
    std::string out;
    for (const auto& section : u.sections) {
        if (u.sections.size() > 1) out += ".SS " + roff_text(section.title) + "\n";
        for (const auto& entry : section.entries) out += ".TP\n" + roff_term(entry.term) + "\n" + roff_text(entry.help) + "\n";
    }
    return out;
}

std::string paragraph(const std::string& text) { return ".PP\n" + roff_text(text) + "\n"; }

// "@OPTIONS turnserver@" -> the roff for that part, or an error.
Result<std::string, std::string> expand(std::string_view line, const UsageLookup& lookup) {
    const auto space = line.find(' ');
    if (space == std::string_view::npos) return unexpected("unknown part '" + std::string(line) + "'");
    const auto part = line.substr(1, space - 1);
    const auto program = line.substr(space + 1, line.size() - space - 2);
    const auto u = lookup(program);
    if (!u) return unexpected("unknown program '" + std::string(program) + "'");
    if (part == "SYNOPSIS") return synopsis(*u);
    if (part == "SUMMARY") return paragraph(u->summary);
    if (part == "OPTIONS") return options(*u);
    if (part == "EXIT_STATUS") return roff_text(u->exit_status) + "\n";
    return unexpected("unknown part '" + std::string(line) + "'");
}

std::string with_version(std::string_view line, std::string_view version) {
    constexpr std::string_view kVersion = "@VERSION@";
    std::string out(line);
    for (auto at = out.find(kVersion); at != std::string::npos; at = out.find(kVersion, at + version.size()))
        out.replace(at, kVersion.size(), version);
    return out;
}

}  // namespace

std::string roff_text(std::string_view text) {
    std::string out;
    if (text.starts_with('.') || text.starts_with('\'')) out = "\\&";
    for (const char c : text) {
        if (c == '\\') out += "\\e";
        else if (c == '-') out += "\\-";
        else out += c;
    }
    return out;
}

Result<std::string, std::string> man_page(std::string_view page_template, const UsageLookup& lookup,
                                          std::string_view version) {
    std::string page;
    std::size_t number = 0;
    for (std::size_t at = 0; at < page_template.size();) {
        const auto end = std::min(page_template.find('\n', at), page_template.size());
        const auto line = page_template.substr(at, end - at);
        at = end + 1;
        ++number;
        if (line.size() > 2 && line.front() == '@' && line.back() == '@' && line != "@VERSION@") {
            auto part = expand(line, lookup);
            if (!part) return unexpected("line " + std::to_string(number) + ": " + part.error());
            page += *part;
        } else {
            page += with_version(line, version) + "\n";
        }
    }
    return page;
}

}  // namespace turn::docgen
