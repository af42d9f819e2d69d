// Man pages from a program's Usage (server/usage.hpp), the data its --help
// prints: a page's template (man/<page>.in) holds the prose in roff, and
// lines that name a part of a program's Usage, which become roff here:
//
//   @SYNOPSIS turnserver@   the usage lines          (.B turnserver, then the arguments)
//   @SUMMARY turnserver@    the summary paragraph
//   @OPTIONS turnserver@    each section's entries   (.SS title when there are several; .TP term, help)
//   @EXIT_STATUS turnserver@  the exit status text   (a text line: the template makes the paragraph)
//
// and @VERSION@ anywhere in a line.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "protocol/result.hpp"
#include "server/usage.hpp"

namespace turn::docgen {

// The Usage of a program by name; nullopt for a name it does not know.
using UsageLookup = std::function<std::optional<usage::Usage>(std::string_view program)>;

// The page, or why the template cannot be filled ("line 12: unknown
// program 'turnsrever'", "line 3: unknown part '@FOO x@'").
Result<std::string, std::string> man_page(std::string_view page_template, const UsageLookup& lookup,
                                          std::string_view version);

// Text as a roff text line: backslashes kept, a leading '.' or '\'' not
// taken as a request, and every '-' a minus sign (\-), as help2man writes
// them: option names ("--no-udp", and "admin-password-hash" in prose) can
// be copied from the page, and a line never breaks inside one.
std::string roff_text(std::string_view text);

}  // namespace turn::docgen
