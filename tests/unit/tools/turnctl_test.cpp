// turnctl: its command line, and how it shows what the server answers.
#include <catch2/catch.hpp>

#include "render.hpp"
#include "turnctl_args.hpp"

using namespace turn::turnctl;

namespace {

Options parsed(std::vector<std::string_view> args) {
    const auto o = parse_args(args);
    INFO((o ? "" : o.error()));
    REQUIRE(o);
    return *o;
}

}  // namespace

TEST_CASE("commands become request lines, and the socket defaults to /run/turnserver/admin.sock") {
    const auto sessions = parsed({"sessions"});
    CHECK(sessions.request == "sessions");
    CHECK(sessions.output == Output::Table);
    CHECK(sessions.socket_path == "/run/turnserver/admin.sock");
    CHECK(parsed({"session", "12"}).request == "session 12");
    CHECK(parsed({"session", "12"}).output == Output::Detail);
    CHECK(parsed({"cancel", "12"}).request == "cancel 12");
    CHECK(parsed({"reload"}).request == "reload");
    CHECK(parsed({"--socket", "/tmp/a.sock", "status"}).socket_path == "/tmp/a.sock");
    CHECK(parsed({"-c", "/etc/turnserver.conf", "status"}).config_file == "/etc/turnserver.conf");
    const auto drain = parsed({"drain", "--deadline", "60", "--wait"});
    CHECK(drain.request == "drain 60 wait");
    CHECK(drain.wait);
    CHECK(parsed({"drain"}).request == "drain");
    const auto tcp = parsed({"--port", "5766", "--password-file", "/etc/pw", "sessions"});
    CHECK(tcp.port == 5766);
    CHECK(tcp.password_file == "/etc/pw");
}

TEST_CASE("bad command lines are refused with a reason") {
    for (std::vector<std::string_view> bad : std::vector<std::vector<std::string_view>>{
             {},
             {"sessions", "extra"},
             {"session"},
             {"session", "abc"},
             {"cancel", "0"},
             {"drain", "--deadline"},
             {"drain", "--deadline", "soon"},
             {"drain", "--later"},
             {"--port", "70000", "status"},
             {"--socket"},
             {"--frob", "x", "status"},
             {"shutdown"}}) {
        const auto o = parse_args(bad);
        CHECK_FALSE(o);
        if (!o) CHECK_FALSE(o.error().empty());
    }
    CHECK(parsed({"--help"}).help);
}

TEST_CASE("sessions become a table with aligned columns") {
    const std::string table = render_table(
        {"session id=3 user=alice transport=UDP client=127.0.0.1:5000 relayed=127.0.0.1:50000 age=7 expires_in=593 "
         "bytes_in=100 bytes_out=2000",
         "session id=10 user=bob%0A transport=TLS/TCP client=127.0.0.1:6000 relayed=127.0.0.1:50001 age=1 "
         "expires_in=599 bytes_in=0 bytes_out=0"});
    CHECK(table ==
          "ID  USER   TRANSPORT  CLIENT          RELAYED          AGE  EXPIRES  BYTES_IN  BYTES_OUT\n"
          "3   alice  UDP        127.0.0.1:5000  127.0.0.1:50000  7    593      100       2000\n"
          "10  bob?   TLS/TCP    127.0.0.1:6000  127.0.0.1:50001  1    599      0         0\n");
}

TEST_CASE("one session or the status become key: value lines, and lines that are not records pass as they are") {
    CHECK(render_detail({"status threads=2 allocations=1 draining=no"}) ==
          "threads: 2\nallocations: 1\ndraining: no\n");
    CHECK(render_detail({"not a record"}) == "not a record\n");
}
