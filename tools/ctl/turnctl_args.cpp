#include "turnctl_args.hpp"

#include <charconv>

#include "server/config/config.hpp"

namespace turn::turnctl {
namespace {

bool is_number(std::string_view s, std::uint64_t max) {
    std::uint64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return ec == std::errc() && end == s.data() + s.size() && v > 0 && v <= max;
}

Result<void, std::string> command(Options& o, const std::vector<std::string_view>& w) {
    const std::string_view verb = w[0];
    if ((verb == "sessions" || verb == "reload" || verb == "status") && w.size() == 1) {
        o.request = std::string(verb);
        o.output = verb == "sessions" ? Output::Table : verb == "status" ? Output::Detail : Output::Text;
        return {};
    }
    if ((verb == "session" || verb == "cancel") && w.size() == 2 && is_number(w[1], UINT64_MAX)) {
        o.request = std::string(verb) + " " + std::string(w[1]);
        o.output = verb == "session" ? Output::Detail : Output::Text;
        return {};
    }
    if (verb == "drain") {
        o.request = "drain";
        for (std::size_t i = 1; i < w.size(); ++i) {
            if (w[i] == "--wait") {
                o.wait = true;
            } else if (w[i] == "--deadline" && i + 1 < w.size() && is_number(w[i + 1], 7 * 24 * 3600)) {
                o.request += " " + std::string(w[++i]);
            } else {
                return unexpected("drain takes [--deadline <seconds>] [--wait], not '" + std::string(w[i]) + "'");
            }
        }
        if (o.wait) o.request += " wait";
        return {};
    }
    return unexpected("unknown command or wrong arguments: '" + std::string(verb) + "' (turnctl --help)");
}

}  // namespace

Result<Options, std::string> parse_args(const std::vector<std::string_view>& args) {
    Options o;
    o.socket_path = config::kDefaultAdminSocket;
    std::size_t i = 0;
    for (; i < args.size() && args[i].starts_with("-"); ++i) {
        const std::string_view a = args[i];
        if (a == "-h" || a == "--help") {
            o.help = true;
            return o;
        }
        if (i + 1 >= args.size()) return unexpected(std::string(a) + " needs a value");
        const std::string_view v = args[++i];
        if (a == "--socket") {
            o.socket_path = std::string(v);
            o.socket_given = true;
        } else if (a == "-c" || a == "--config") {
            o.config_file = std::string(v);
        } else if (a == "--port" && is_number(v, 65535)) {
            o.port = static_cast<std::uint16_t>(std::stoul(std::string(v)));
        } else if (a == "--password-file") {
            o.password_file = std::string(v);
        } else {
            return unexpected("unknown option or bad value: " + std::string(a) + " " + std::string(v));
        }
    }
    if (i == args.size()) return unexpected(std::string("no command given (turnctl --help)"));
    const std::vector<std::string_view> words(args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
    if (auto r = command(o, words); !r) return unexpected(r.error());
    return o;
}

std::string usage() {
    return "usage: turnctl [--socket <path> | -c <config> | --port <port> [--password-file <file>]] <command>\n"
           "\n"
           "Talks to a running turnserver's admin interface (default socket /run/turnserver/admin.sock;\n"
           "-c reads admin-socket from the server's config file).\n"
           "\n"
           "commands:\n"
           "  sessions                          list allocations\n"
           "  session <id>                      show one allocation\n"
           "  cancel <id>                       end an allocation (its client then gets 437)\n"
           "  drain [--deadline <s>] [--wait]   refuse new allocations (403); the server exits once\n"
           "                                    the last one ends, or after <s> seconds; --wait\n"
           "                                    returns only then\n"
           "  reload                            re-read the config: users, secrets, peer lists,\n"
           "                                    TLS certificate, verbosity\n"
           "  status                            threads, allocations, draining\n"
           "\n"
           "On --port (admin-port), the password is the first line of --password-file, or\n"
           "$TURNCTL_PASSWORD.\n"
           "\n"
           "Exit status: 0 on success, 1 when the server refused the command, 2 when it\n"
           "could not be asked.\n";
}

}  // namespace turn::turnctl
