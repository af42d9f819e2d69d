// JSON log lines (log-json): RFC 8259 strings whatever the input holds.
#include <catch2/catch.hpp>

#include "server/json_line.hpp"

using namespace turn::server;

namespace {

std::string json(std::string_view s) {
    std::string out;
    append_json_string(out, s);
    return out;
}

}  // namespace

TEST_CASE("JSON strings escape quotes, backslashes, control characters and bytes outside ASCII") {
    CHECK(json("alice") == R"("alice")");
    CHECK(json(R"(a"b\c)") == R"("a\"b\\c")");
    CHECK(json("line\nbreak\t") == R"("line\u000abreak\u0009")");
    CHECK(json(std::string("nul\0x", 5)) == R"("nul\u0000x")");
    CHECK(json("\xc3\xa9\xff") == R"("\u00c3\u00a9\u00ff")");  // never invalid UTF-8 in the log
}

TEST_CASE("an event line is one object: time, level, event, then its fields in order") {
    const admin::Record r{"allocation_created", {{"user", "bob \"x\""}, {"client", "127.0.0.1:4000"}}};
    CHECK(json_record_line("2026-11-21T07:22:26.123Z", "INFO", r) ==
          R"({"time":"2026-11-21T07:22:26.123Z","level":"INFO","event":"allocation_created",)"
          R"("user":"bob \"x\"","client":"127.0.0.1:4000"})");
    CHECK(json_message_line("t", "WARNING", "a\nb") == R"({"time":"t","level":"WARNING","message":"a\u000ab"})");
}
