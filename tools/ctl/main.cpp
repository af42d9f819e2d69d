// turnctl: the admin command line for a running turnserver (sessions,
// cancel, drain, reload, status), in place of coturn's telnet CLI.
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "admin_client.hpp"
#include "render.hpp"
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
    if (o->help) return std::cout << usage(), kExitOk;
    auto client = connect(*o);
    if (!client) return std::cerr << "turnctl: " << client.error() << "\n", kExitFailed;
    const auto answer = client->ask(o->request, o->wait ? std::nullopt : std::optional(kAnswerTimeout));
    if (!answer) return std::cerr << "turnctl: " << answer.error() << "\n", kExitFailed;
    show(*o, *answer);
    return answer->ok ? kExitOk : kExitRefused;
}
