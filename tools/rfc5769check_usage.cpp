#include "tools/rfc5769check_usage.hpp"

#include <algorithm>

namespace turn::tools {
namespace {

constexpr char kHelpShort = 'h';
constexpr std::string_view kHelpLong = "help";

}  // namespace

usage::Usage rfc5769check_usage() {
    return {"turnutils_rfc5769check",
            {""},
            "Decodes, verifies and re-encodes the STUN test vectors of RFC 5769 with the server's own codec, "
            "printing one line per check, as coturn's tool of that name does.",
            {{"Options", {{usage::option_term(kHelpShort, {kHelpLong}, ""), "print this help"}}}},
            "0 if every check passes, 1 otherwise."};
}

bool rfc5769check_wants_help(std::span<const std::string_view> args) {
    return std::any_of(args.begin(), args.end(), [](std::string_view a) {
        return a == std::string("-") + kHelpShort || a == "--" + std::string(kHelpLong);
    });
}

}  // namespace turn::tools
