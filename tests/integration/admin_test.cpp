// The admin interface of the real server, as turnctl uses it: the socket and
// its mode, live sessions with their addresses, cancelling one (the client
// then gets 437), reload, the password on the TCP port, and bad input.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <fstream>

#include "admin_tool.hpp"
#include "byte_stream.hpp"
#include "fixtures.hpp"
#include "ops_probe.hpp"
#include "scratch.hpp"
#include "server/admin_protocol.hpp"

using namespace turn;
using namespace turn::itest;

namespace {

struct AdminServer {
    explicit AdminServer(std::vector<std::string> extra = {}) : server(config(std::move(extra))) {}

    ServerConfig config(std::vector<std::string> extra) {
        extra.push_back("admin-socket=" + socket.string());
        ServerConfig c = auth_with(extra);
        c.relay_threads = 2;
        return c;
    }

    std::filesystem::path socket = fresh_socket_path();
    ServerProcess server;
};

// The session records of `sessions`, decoded.
std::vector<server::admin::Record> sessions(const AdminServer& a) {
    const auto answer = admin_ask(a.socket, "sessions");
    REQUIRE(answer.ok);
    std::vector<server::admin::Record> out;
    for (const auto& line : answer.records) {
        auto r = server::admin::decode_record(line);
        REQUIRE(r);
        out.push_back(std::move(*r));
    }
    return out;
}

}  // namespace

TEST_CASE("the admin socket is created with mode 0600 and removed when the server stops") {
    std::filesystem::path path;
    {
        AdminServer a;
        path = a.socket;
        struct stat st {};
        REQUIRE(::stat(path.c_str(), &st) == 0);
        CHECK(S_ISSOCK(st.st_mode));
        CHECK((st.st_mode & 0777) == 0600);
    }
    CHECK_FALSE(std::filesystem::exists(path));
}

TEST_CASE("sessions lists a live allocation with its user, client address and relayed address") {
    AdminServer a;
    TurnClient client = client_of(a.server);
    const auto relayed = require_allocation(client);
    const auto all = sessions(a);
    REQUIRE(all.size() == 1);
    const auto& s = all[0];
    CHECK(s.kind == "session");
    CHECK(s.get("user") == kUser);
    CHECK(s.get("transport") == "UDP");
    CHECK(s.get("client") == client.local_address().to_string());
    CHECK(s.get("relayed") == relayed.to_string());
    // turnctl shows the same as a table, and one session in detail.
    const auto table = run_turnctl({"--socket", a.socket.string(), "sessions"});
    CHECK(table.status.clean());
    CHECK_THAT(table.output, Catch::Contains(client.local_address().to_string()) &&
                                 Catch::Contains(relayed.to_string()) && Catch::Contains("1 session"));
    const std::string id(*s.get("id"));
    // -c finds the socket in the server's own config file.
    const auto one = run_turnctl({"-c", a.server.config_path().string(), "session", id});
    CHECK(one.status.clean());
    CHECK_THAT(one.output, Catch::Contains("relayed: " + relayed.to_string()));
}

TEST_CASE("cancel ends an allocation: the client's Refresh then gets 437") {
    AdminServer a;
    TurnClient client = client_of(a.server);
    require_allocation(client);
    const std::string id(*sessions(a).at(0).get("id"));
    const auto cancelled = run_turnctl({"--socket", a.socket.string(), "cancel", id});
    CHECK(cancelled.status.clean());
    CHECK_THAT(cancelled.output, Catch::Contains("session " + id + " cancelled"));
    const auto refresh = client.refresh(600);
    REQUIRE(refresh);
    CHECK(refresh->error_code() == code(proto::StunError::AllocationMismatch));
    CHECK(sessions(a).empty());
    // It is gone: a second cancel says so, and turnctl exits 1.
    const auto again = run_turnctl({"--socket", a.socket.string(), "cancel", id});
    CHECK(again.status.describe() == "exit code 1");
    CHECK_THAT(again.output, Catch::Contains("no session " + id));
}

TEST_CASE("unknown commands and garbage get an error line, and the connection and server go on") {
    AdminServer a;
    for (const char* line : {"frobnicate", "session", "session abc", "cancel 18446744073709551616", "drain soon",
                             "\x01\x02\xff\xfe", "sessions please"}) {
        INFO(line);
        const auto answer = admin_ask(a.socket, line);
        CHECK_FALSE(answer.ok);
        CHECK_FALSE(answer.text.empty());
    }
    CHECK(admin_ask(a.socket, "status").ok);
}

TEST_CASE("a line longer than 1 KiB ends the connection with an error line") {
    AdminServer a;
    auto client = turnctl::AdminClient::connect_unix(a.socket.string());
    REQUIRE(client);
    const auto answer = client->ask(std::string(5000, 'x'), std::chrono::seconds(10));
    REQUIRE(answer);
    CHECK_FALSE(answer->ok);
    CHECK(answer->text == "line too long");
    CHECK(admin_ask(a.socket, "status").ok);
}

TEST_CASE("reload applies a user added to the config file and names options that need a restart") {
    AdminServer a;
    TurnClient bob(a.server.address(), {"bob", "bob-password"});
    const auto before = bob.allocate();
    REQUIRE(before);
    CHECK(before->error_code() == code(proto::StunError::Unauthorized));
    {
        std::ofstream conf(a.server.config_path(), std::ios::app);
        conf << "user=bob:bob-password\nmax-port=60000\n";
    }
    const auto reload = run_turnctl({"--socket", a.socket.string(), "reload"});
    CHECK(reload.status.clean());
    CHECK_THAT(reload.output, Catch::Contains("applied user") && Catch::Contains("need a restart: max-port"));
    const auto allocated = bob.allocate();
    REQUIRE(allocated);
    CHECK(allocated->is_success());
}

TEST_CASE("a reload of a broken config changes nothing and says why") {
    AdminServer a;
    {
        std::ofstream conf(a.server.config_path(), std::ios::app);
        conf << "min-port=banana\n";
    }
    const auto reload = run_turnctl({"--socket", a.socket.string(), "reload"});
    CHECK(reload.status.describe() == "exit code 1");
    CHECK_THAT(reload.output, Catch::Contains("config not reloaded") && Catch::Contains("min-port"));
    TurnClient client = client_of(a.server);
    require_allocation(client);
}

TEST_CASE("the TCP admin port wants the password first, and a wrong one ends the connection") {
    const auto hash = run_our_turnadmin({"-P", "-p", "admin-pass"});
    REQUIRE(hash.status.clean());
    std::string stored = hash.output.substr(0, hash.output.find('\n'));
    const std::uint16_t port = free_udp_port();
    AdminServer a({"admin-port=" + std::to_string(port), "admin-password-hash=" + stored});
    const auto password = new_scratch_file("admin-password", ".txt");
    std::ofstream(password) << "admin-pass\n";
    const auto ok = run_turnctl({"--port", std::to_string(port), "--password-file", password.string(), "status"});
    CHECK(ok.status.clean());
    CHECK_THAT(ok.output, Catch::Contains("threads: 2"));
    std::ofstream(password) << "wrong\n";
    const auto refused = run_turnctl({"--port", std::to_string(port), "--password-file", password.string(), "status"});
    CHECK(refused.status.describe() == "exit code 2");
    CHECK_THAT(refused.output, Catch::Contains("authentication failed"));
    // Without auth, commands are refused and the connection ends.
    auto raw = turnctl::AdminClient::connect_tcp(port);
    REQUIRE(raw);
    const auto unauthenticated = raw->ask("sessions", std::chrono::seconds(10));
    REQUIRE(unauthenticated);
    CHECK_FALSE(unauthenticated->ok);
    CHECK_THAT(unauthenticated->text, Catch::Contains("authenticate first"));
}

TEST_CASE("a named admin socket that cannot be created stops the start with a clear message") {
    const auto path = new_scratch_file("not-a-socket", ".sock");  // a regular file is there
    const auto config = write_config({"listening-ip=127.0.0.1", "listening-port=" + std::to_string(free_udp_port()),
                                      "no-auth", "log-file=stdout", "admin-socket=" + path.string()});
    const auto run = run_tool({kServerBinary, "-c", config.string()}, 10s);
    CHECK(run.status.describe() == "exit code 2");
    CHECK_THAT(run.output, Catch::Contains("admin-socket") && Catch::Contains("is not a socket"));
}
