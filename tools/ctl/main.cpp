// turnctl: the admin command line for a running turnserver (sessions,
// cancel, drain, reload, status), in place of coturn's telnet CLI.
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "admin_client.hpp"
#include "render.hpp"
#include "server/config/load_config.hpp"
#include "turnctl_args.hpp"

namespace {

using namespace turn::turnctl;

constexpr int kExitOk = 0;
constexpr int kExitRefused = 1;
constexpr int kExitFailed = 2;
constexpr std::chrono::seconds kAnswerTimeout{30};

turn::Result<std::string, std::string> password(const Options& o) {
    if (o.password_file) {
        std::ifstream in(*o.password_file);
        std::string line;
        if (!in || !std::getline(in, line)) return turn::unexpected("cannot read " + *o.password_file);
        return line;
    }
    if (const char* env = std::getenv("TURNCTL_PASSWORD")) return std::string(env);
    return turn::unexpected(std::string("--port needs a password: --password-file or $TURNCTL_PASSWORD"));
}

// -c: the socket the server's config names (its errors are the server's
// errors too, so they are shown the same way).
turn::Result<std::string, std::string> socket_from_config(const std::string& file) {
    const std::vector<std::string> args{"turnctl", "-c", file};
    const auto loaded = turn::config::load_config(args, {});
    std::string errors;
    for (const auto& d : loaded.diagnostics)
        if (d.severity == turn::config::Severity::Error) errors += "\n  " + turn::config::to_string(d);
    if (!errors.empty()) return turn::unexpected("cannot use " + file + ":" + errors);
    if (loaded.config.no_cli) return turn::unexpected(file + " turns the admin interface off (no-cli)");
    return loaded.config.admin_socket.empty() ? std::string(turn::config::kDefaultAdminSocket)
                                              : loaded.config.admin_socket;
}

turn::Result<AdminClient, std::string> connect(const Options& o) {
    if (o.port == 0) return AdminClient::connect_unix(o.socket_path);
    auto c = AdminClient::connect_tcp(o.port);
    if (!c) return c;
    const auto pw = password(o);
    if (!pw) return turn::unexpected(pw.error());
    const auto a = c->ask("auth " + *pw, kAnswerTimeout);
    if (!a) return turn::unexpected(a.error());
    if (!a->ok) return turn::unexpected("the server refused the password: " + a->text);
    return c;
}

void show(const Options& o, const Answer& a) {
    if (o.output == Output::Table) std::cout << render_table(a.records);
    if (o.output == Output::Detail) std::cout << render_detail(a.records);
    if (!a.ok) return void(std::cerr << "turnctl: " << a.text << "\n");
    // A table says how many rows it has; other answers say what happened.
    if (o.output != Output::Detail && !a.text.empty()) std::cout << a.text << "\n";
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string_view> args(argv + 1, argv + argc);
    const auto o = parse_args(args);
    if (!o) return std::cerr << "turnctl: " << o.error() << "\n", kExitFailed;
    if (o->help) return std::cout << turn::usage::render_help(usage()), kExitOk;
    Options options = *o;
    if (options.config_file && !options.socket_given) {
        auto socket = socket_from_config(*options.config_file);
        if (!socket) return std::cerr << "turnctl: " << socket.error() << "\n", kExitFailed;
        options.socket_path = std::move(*socket);
    }
    auto client = connect(options);
    if (!client) return std::cerr << "turnctl: " << client.error() << "\n", kExitFailed;
    const auto answer = client->ask(options.request, options.wait ? std::nullopt : std::optional(kAnswerTimeout));
    if (!answer) return std::cerr << "turnctl: " << answer.error() << "\n", kExitFailed;
    show(options, *answer);
    return answer->ok ? kExitOk : kExitRefused;
}
