#include "server/usage.hpp"

#include <algorithm>
#include <utility>

namespace turn::usage {
namespace {

constexpr std::size_t kWidth = 79;
constexpr std::size_t kIndent = 2;
// Help starts in this column unless every term is narrower; a wider term
// gets a line of its own, with its help under it.
constexpr std::size_t kMaxHelpColumn = 34;
constexpr std::size_t kGap = 2;

std::size_t help_column(const Usage& usage) {
    std::size_t widest = 0;
    for (const auto& section : usage.sections)
        for (const auto& entry : section.entries)
            if (entry.term.size() + kIndent + kGap <= kMaxHelpColumn) widest = std::max(widest, entry.term.size());
    return kIndent + widest + kGap;
}

std::string entry_lines(const Entry& entry, std::size_t column) {
    std::string text(kIndent, ' ');
    text += entry.term;
    const auto lines = wrap(entry.help, kWidth - column);
    if (lines.empty()) return text + "\n";
    if (text.size() + kGap > column) {
        text += "\n";
        text.append(column, ' ');
    } else {
        text.resize(column, ' ');
    }
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (i > 0) text.append(column, ' ');
        text += lines[i] + "\n";
    }
    return text;
}

std::string paragraph(std::string_view text) {
    std::string out;
    for (const auto& line : wrap(text, kWidth)) out += line + "\n";
    return out;
}

}  // namespace

std::string option_term(char short_flag, const std::vector<std::string_view>& long_names, std::string_view value) {
    std::string term;
    if (short_flag != 0) term = std::string("-") + short_flag;
    for (const auto name : long_names) {
        if (!term.empty()) term += ", ";
        else term = "    ";  // long names line up under those after a short flag
        term += "--" + std::string(name);
    }
    if (!value.empty()) {
        if (value.front() != '[' && value.front() != '=') term += " ";
        term += value;
    }
    return term;
}

std::vector<std::string> wrap(std::string_view text, std::size_t width) {
    std::vector<std::string> lines;
    std::string line;
    std::size_t at = 0;
    while (at < text.size()) {
        const auto start = text.find_first_not_of(' ', at);
        if (start == std::string_view::npos) break;
        const auto end = std::min(text.find(' ', start), text.size());
        const auto word = text.substr(start, end - start);
        if (!line.empty() && line.size() + 1 + word.size() > width) lines.push_back(std::exchange(line, {}));
        if (!line.empty()) line += ' ';
        line += word;
        at = end;
    }
    if (!line.empty()) lines.push_back(line);
    return lines;
}

std::string render_help(const Usage& usage) {
    std::string text;
    for (std::size_t i = 0; i < usage.synopsis.size(); ++i)
        text += (i == 0 ? "Usage: " : "       ") + usage.program +
                (usage.synopsis[i].empty() ? "" : " " + usage.synopsis[i]) + "\n";
    if (!usage.summary.empty()) text += "\n" + paragraph(usage.summary);
    const std::size_t column = help_column(usage);
    for (const auto& section : usage.sections) {
        text += "\n" + section.title + ":\n";
        for (const auto& entry : section.entries) text += entry_lines(entry, column);
    }
    if (!usage.exit_status.empty()) text += "\n" + paragraph("Exit status: " + usage.exit_status);
    return text;
}

}  // namespace turn::usage
