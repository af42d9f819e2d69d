#include "turnctl_args.hpp"

#include <array>
#include <charconv>

#include "server/config/config.hpp"

namespace turn::turnctl {
namespace {

constexpr std::uint64_t kMaxDrainDeadline = 7 * 24 * 3600;

// The options before the command: what the parser reads and what --help
// (and the man page) says.
enum class Flag : std::uint8_t { Help, Socket, Config, Port, PasswordFile };

struct OptionDef {
    char short_name;  // 0: long form only
    std::string_view name;
    std::string_view value;  // empty: a flag
    Flag flag;
    std::string_view help;
};

constexpr std::array<OptionDef, 5> kOptions{{
    {'h', "help", "", Flag::Help, "print this help"},
    {0, "socket", "<path>", Flag::Socket, "the server's admin socket (admin-socket), default"},
    {'c', "config", "<file>", Flag::Config, "take admin-socket from the server's config file"},
    {0, "port", "<port>", Flag::Port, "ask the admin interface on 127.0.0.1 TCP instead (admin-port)"},
    {0, "password-file", "<file>", Flag::PasswordFile,
     "with --port: the password is this file's first line (else $TURNCTL_PASSWORD)"},
}};

enum class Verb : std::uint8_t { Sessions, Session, Cancel, Drain, Reload, Status };

struct CommandDef {
    std::string_view verb;
    std::string_view arguments;  // for --help
    Verb id;
    std::string_view help;
};

constexpr std::array<CommandDef, 6> kCommands{{
    {"sessions", "", Verb::Sessions, "list allocations: id, user, client, relayed address, age, bytes"},
    {"session", "<id>", Verb::Session, "show one allocation"},
    {"cancel", "<id>", Verb::Cancel, "end an allocation (its client then gets 437)"},
    {"drain", "[--deadline <seconds>] [--wait]", Verb::Drain,
     "refuse new allocations (403); the server exits once the last one ends, or after <seconds>; "
     "--wait returns only then"},
    {"reload", "", Verb::Reload, "re-read the config: users, secrets, peer lists, TLS certificate, verbosity"},
    {"status", "", Verb::Status, "threads, allocations, draining"},
}};

bool is_number(std::string_view s, std::uint64_t max) {
    std::uint64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return ec == std::errc() && end == s.data() + s.size() && v > 0 && v <= max;
}

const OptionDef* find_option(std::string_view word) {
    for (const auto& d : kOptions)
        if ((d.short_name != 0 && word.size() == 2 && word[0] == '-' && word[1] == d.short_name) ||
            (word.starts_with("--") && word.substr(2) == d.name))
            return &d;
    return nullptr;
}

const CommandDef* find_command(std::string_view verb) {
    for (const auto& c : kCommands)
        if (c.verb == verb) return &c;
    return nullptr;
}

Result<void, std::string> drain(Options& o, const std::vector<std::string_view>& w) {
    o.request = "drain";
    for (std::size_t i = 1; i < w.size(); ++i) {
        if (w[i] == "--wait") {
            o.wait = true;
        } else if (w[i] == "--deadline" && i + 1 < w.size() && is_number(w[i + 1], kMaxDrainDeadline)) {
            o.request += " " + std::string(w[++i]);
        } else {
            return unexpected("drain takes [--deadline <seconds>] [--wait], not '" + std::string(w[i]) + "'");
        }
    }
    if (o.wait) o.request += " wait";
    return {};
}

Result<void, std::string> command(Options& o, const std::vector<std::string_view>& w) {
    const CommandDef* c = find_command(w[0]);
    const auto wrong = unexpected("unknown command or wrong arguments: '" + std::string(w[0]) + "' (turnctl --help)");
    if (c == nullptr) return wrong;
    o.request = std::string(c->verb);
    switch (c->id) {
        case Verb::Drain: return drain(o, w);
        case Verb::Session:
        case Verb::Cancel:
            if (w.size() != 2 || !is_number(w[1], UINT64_MAX)) return wrong;
            o.request += " " + std::string(w[1]);
            o.output = c->id == Verb::Session ? Output::Detail : Output::Text;
            return {};
        case Verb::Sessions:
        case Verb::Reload:
        case Verb::Status:
            if (w.size() != 1) return wrong;
            o.output = c->id == Verb::Sessions ? Output::Table : c->id == Verb::Status ? Output::Detail : Output::Text;
            return {};
    }
    return wrong;
}

Result<void, std::string> option(Options& o, const OptionDef& d, std::string_view value) {
    switch (d.flag) {
        case Flag::Help: break;
        case Flag::Socket:
            o.socket_path = std::string(value);
            o.socket_given = true;
            return {};
        case Flag::Config: o.config_file = std::string(value); return {};
        case Flag::Port:
            if (!is_number(value, 65535)) break;
            o.port = static_cast<std::uint16_t>(std::stoul(std::string(value)));
            return {};
        case Flag::PasswordFile: o.password_file = std::string(value); return {};
    }
    return unexpected("bad value for --" + std::string(d.name) + ": " + std::string(value));
}

}  // namespace

Result<Options, std::string> parse_args(const std::vector<std::string_view>& args) {
    Options o;
    o.socket_path = config::kDefaultAdminSocket;
    std::size_t i = 0;
    for (; i < args.size() && args[i].starts_with("-"); ++i) {
        const OptionDef* d = find_option(args[i]);
        if (d == nullptr) return unexpected("unknown option: " + std::string(args[i]));
        if (d->flag == Flag::Help) {
            o.help = true;
            return o;
        }
        if (i + 1 >= args.size()) return unexpected(std::string(args[i]) + " needs a value");
        if (auto r = option(o, *d, args[++i]); !r) return unexpected(r.error());
    }
    if (i == args.size()) return unexpected(std::string("no command given (turnctl --help)"));
    const std::vector<std::string_view> words(args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
    if (auto r = command(o, words); !r) return unexpected(r.error());
    return o;
}

usage::Usage usage() {
    usage::Usage u{"turnctl",
                   {"[--socket <path> | -c <file>] <command>", "--port <port> [--password-file <file>] <command>"},
                   "Talks to a running turnserver's admin interface, its Unix socket (mode 0600: the user the "
                   "server runs as, and root) or its password-protected loopback TCP port.",
                   {{"Options", {}}, {"Commands", {}}},
                   "0 on success, 1 when the server refused the command, 2 when it could not be "
                   "asked."};
    for (const auto& d : kOptions) {
        std::string help(d.help);
        if (d.flag == Flag::Socket) help += " " + std::string(config::kDefaultAdminSocket);
        u.sections[0].entries.push_back({usage::option_term(d.short_name, {d.name}, d.value), help});
    }
    for (const auto& c : kCommands)
        u.sections[1].entries.push_back(
            {std::string(c.verb) + (c.arguments.empty() ? "" : " " + std::string(c.arguments)), std::string(c.help)});
    return u;
}

}  // namespace turn::turnctl
