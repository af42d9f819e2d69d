// turnctl's line protocol: which lines are commands, which are refused and
// why, and records that survive any user name.
#include <catch2/catch.hpp>

#include "server/admin_protocol.hpp"

using namespace turn::server::admin;

namespace {

Command parsed(std::string_view line) {
    const auto c = parse_command(line);
    INFO(line << ": " << (c ? "" : c.error()));
    REQUIRE(c);
    REQUIRE(c->has_value());
    return **c;
}

std::string refusal(std::string_view line) {
    const auto c = parse_command(line);
    REQUIRE_FALSE(c);
    return c.error();
}

}  // namespace

TEST_CASE("the commands and their arguments") {
    CHECK(parsed("sessions").verb == Verb::Sessions);
    CHECK(parsed("  status\t").verb == Verb::Status);
    const auto one = parsed("session 42");
    CHECK(one.verb == Verb::Session);
    CHECK(one.id == 42);
    CHECK(parsed("cancel 7").id == 7);
    const auto drain = parsed("drain 30 wait");
    CHECK(drain.verb == Verb::Drain);
    CHECK(drain.deadline == std::chrono::seconds(30));
    CHECK(drain.wait);
    CHECK_FALSE(parsed("drain").deadline);
    CHECK(parsed("auth s3cret").password == "s3cret");
    CHECK(parsed("reload").verb == Verb::Reload);
}

TEST_CASE("an empty line is no command") {
    const auto c = parse_command("   ");
    REQUIRE(c);
    CHECK_FALSE(c->has_value());
}

TEST_CASE("unknown commands and bad arguments are refused with a reason") {
    CHECK_THAT(refusal("frobnicate"), Catch::Contains("unknown command 'frobnicate'"));
    CHECK_THAT(refusal("session"), Catch::Contains("needs one session id"));
    CHECK_THAT(refusal("session x1"), Catch::Contains("not a session id"));
    CHECK_THAT(refusal("cancel 0"), Catch::Contains("not a session id"));
    CHECK_THAT(refusal("cancel 99999999999999999999999"), Catch::Contains("not a session id"));
    CHECK_THAT(refusal("sessions now"), Catch::Contains("takes no arguments"));
    CHECK_THAT(refusal("drain soon"), Catch::Contains("drain takes"));
    CHECK_THAT(refusal("drain 0"), Catch::Contains("drain takes"));
    CHECK_THAT(refusal("drain 10 10"), Catch::Contains("drain takes"));
    CHECK_THAT(refusal("drain 9999999"), Catch::Contains("drain takes"));
    CHECK_THAT(refusal("auth"), Catch::Contains("one password"));
    CHECK_THAT(refusal(std::string(2000, 'a')), Catch::Contains("too long"));
}

TEST_CASE("garbage is refused without echoing control characters") {
    const std::string e = refusal(std::string("\x01\x1b[2J\xff", 6));
    for (const char c : e) CHECK(static_cast<unsigned char>(c) >= 0x20);
}

TEST_CASE("records carry any value: spaces, '=', '%' and bytes outside ASCII are escaped") {
    const Record r{"session", {{"id", "7"}, {"user", "al ice=%\xc3\xa9\n"}, {"empty", ""}}};
    const std::string line = encode_record(r);
    CHECK(line == "session id=7 user=al%20ice%3D%25%C3%A9%0A empty=");
    const auto back = decode_record(line);
    REQUIRE(back);
    CHECK(back->kind == "session");
    CHECK(back->get("user") == "al ice=%\xc3\xa9\n");
    CHECK(back->get("empty") == "");
    CHECK_FALSE(back->get("missing"));
}

TEST_CASE("lines that are not records are refused") {
    CHECK_FALSE(decode_record(""));
    CHECK_FALSE(decode_record("session id"));
    CHECK_FALSE(decode_record("session =7"));
    CHECK_FALSE(decode_record("session user=a%2"));
    CHECK_FALSE(decode_record("session user=a%zz"));
    CHECK_FALSE(decode_record("session us\ner=a"));
    CHECK_FALSE(decode_record("\x01kind a=b"));
}

TEST_CASE("status lines end an answer, records do not") {
    CHECK(is_status_line("ok"));
    CHECK(is_status_line(ok_line("3 sessions")));
    CHECK(is_status_line(error_line("no session 4")));
    CHECK_FALSE(is_status_line("okay"));
    CHECK_FALSE(is_status_line("session id=1"));
}
