// The signaling JSON parser and writer (RFC 8259): strict, bounded, and
// exact about what it forwards.
#include <catch2/catch.hpp>

#include <string>

#include "signaling/json_parser.hpp"
#include "signaling/json_writer.hpp"

using namespace turn::signaling::json;

namespace {

ParseError error_of(std::string_view text, const Limits& limits = {}) {
    const auto r = parse(text, limits);
    REQUIRE_FALSE(r.ok());
    return r.error().error;
}

std::string roundtrip(std::string_view text) {
    const auto r = parse(text);
    REQUIRE(r.ok());
    return write(*r);
}

}  // namespace

TEST_CASE("JSON: an object's members are found by key, in document order") {
    const auto r = parse(R"( {"type":"join", "room":"a", "n": 1.5e3, "ok":true, "x":null, "list":[1,"b"]} )");
    REQUIRE(r.ok());
    REQUIRE(r->as_object() != nullptr);
    CHECK(r->as_object()->size() == 6);
    CHECK(*r->find("type")->as_string() == "join");
    CHECK(r->find("n")->as_number()->text == "1.5e3");
    CHECK(*r->find("ok")->as_bool());
    CHECK(r->find("x")->is_null());
    CHECK(r->find("list")->as_array()->size() == 2);
    CHECK(r->find("missing") == nullptr);
}

TEST_CASE("JSON: any value may stand at the top (RFC 8259 section 2)") {
    CHECK(parse("1").ok());
    CHECK(parse("\"s\"").ok());
    CHECK(parse(" null ").ok());
    CHECK(parse("[]").ok());
}

TEST_CASE("JSON: numbers keep the text they were written with") {
    CHECK(roundtrip("[0,-0,1.25,-3e-7,1E+2,123456789012345678901234567890]") ==
          "[0,-0,1.25,-3e-7,1E+2,123456789012345678901234567890]");
}

TEST_CASE("JSON: numbers outside the grammar are refused") {
    for (std::string_view bad : {"01", "-", "1.", ".5", "1e", "1e+", "+1", "0x10", "-a", "1.e5", "NaN", "Infinity"}) {
        INFO(bad);
        CHECK_FALSE(parse(bad).ok());
    }
    CHECK(error_of("01") == ParseError::BadNumber);
    CHECK(error_of("1.") == ParseError::BadNumber);
}

TEST_CASE("JSON: string escapes decode, surrogate pairs become one code point") {
    const auto r = parse(R"("a\"b\\c\/d\b\f\n\r\t\u0041\u00e9\u20ac\ud83d\ude00")");
    REQUIRE(r.ok());
    CHECK(*r->as_string() == "a\"b\\c/d\b\f\n\r\tA\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
}

TEST_CASE("JSON: bad escapes and unpaired surrogates are refused") {
    CHECK(error_of(R"("\x")") == ParseError::BadEscape);
    CHECK(error_of(R"("\u12")") == ParseError::BadEscape);
    CHECK(error_of(R"("\u12g4")") == ParseError::BadEscape);
    CHECK(error_of(R"("\ud83d")") == ParseError::LoneSurrogate);
    CHECK(error_of(R"("\ud83d\u0041")") == ParseError::LoneSurrogate);
    CHECK(error_of(R"("\ude00")") == ParseError::LoneSurrogate);
}

TEST_CASE("JSON: raw control characters inside strings are refused") {
    CHECK(error_of("\"a\nb\"") == ParseError::ControlCharacter);
    CHECK(error_of(std::string("\"a\0b\"", 5)) == ParseError::ControlCharacter);
}

TEST_CASE("JSON: the text must be well-formed UTF-8") {
    CHECK(error_of("\"\xC3\x28\"") == ParseError::BadUtf8);
    CHECK(error_of("\"\xED\xA0\x80\"") == ParseError::BadUtf8);  // an encoded surrogate
    CHECK(error_of("\"\xC0\xAF\"") == ParseError::BadUtf8);      // overlong '/'
    CHECK(parse("\"\xE2\x82\xAC\"").ok());
}

TEST_CASE("JSON: syntax errors are refused with where they are") {
    CHECK(error_of("{\"a\":1,}") == ParseError::UnexpectedCharacter);  // trailing comma
    CHECK(error_of("[1,]") == ParseError::UnexpectedCharacter);
    CHECK(error_of("{'a':1}") == ParseError::UnexpectedCharacter);
    CHECK(error_of("{\"a\" 1}") == ParseError::UnexpectedCharacter);
    CHECK(error_of("{\"a\":1") == ParseError::UnexpectedEnd);
    CHECK(error_of("[1 2]") == ParseError::UnexpectedCharacter);
    CHECK(error_of("tru") == ParseError::UnexpectedEnd);
    CHECK(error_of("trux") == ParseError::UnexpectedCharacter);
    CHECK(error_of("") == ParseError::UnexpectedEnd);
    CHECK(error_of("   ") == ParseError::UnexpectedEnd);
    CHECK(error_of("{} {}") == ParseError::TrailingData);
    CHECK(error_of("1 // comment") == ParseError::TrailingData);
    const auto r = parse("[1,  x]");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().offset == 5);
}

TEST_CASE("JSON: an object may not name a key twice") {
    CHECK(error_of(R"({"type":"join","type":"leave"})") == ParseError::DuplicateKey);
    CHECK(parse(R"({"a":{"k":1},"b":{"k":2}})").ok());
}

TEST_CASE("JSON: the limits on size, depth, strings and values hold") {
    Limits small;
    small.max_bytes = 32;
    small.max_depth = 3;
    small.max_string_bytes = 4;
    small.max_values = 5;
    CHECK(error_of(std::string(33, ' '), small) == ParseError::TooLarge);
    CHECK(parse("[[[1]]]", small).ok());
    CHECK(error_of("[[[[1]]]]", small) == ParseError::TooDeep);
    CHECK(error_of("{\"a\":{\"b\":{\"c\":{}}}}", small) == ParseError::TooDeep);
    CHECK(parse("\"abcd\"", small).ok());
    CHECK(error_of("\"abcde\"", small) == ParseError::StringTooLong);
    CHECK(error_of("\"\\u00e9\\u00e9\\u00e9\"", small) == ParseError::StringTooLong);  // 6 bytes decoded
    CHECK(parse("[1,2,3,4]", small).ok());
    CHECK(error_of("[1,2,3,4,5]", small) == ParseError::TooManyValues);
}

TEST_CASE("JSON: deep nesting is refused before it can exhaust the stack") {
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    Limits limits;
    limits.max_bytes = deep.size();
    CHECK(error_of(deep, limits) == ParseError::TooDeep);
}

TEST_CASE("JSON: the writer escapes quotes, backslashes and control characters") {
    CHECK(write(Value(std::string("a\"b\\c\n\x01\x1f\x7f\xC3\xA9"))) == "\"a\\\"b\\\\c\\n\\u0001\\u001f\x7f\xC3\xA9\"");
    CHECK(write(Value::Object{{"t", "x"}, {"n", Value::integer(-5)}, {"b", false}, {"z", nullptr}}) ==
          R"({"t":"x","n":-5,"b":false,"z":null})");
    CHECK(write(Value::Array{}) == "[]");
    CHECK(write(Value::Object{}) == "{}");
}

TEST_CASE("JSON: what is parsed and written back parses to the same value") {
    const std::string text = R"({"sdp":"v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n","nested":[{"a":[true,false,null]},-1.5e-3,"\u2028"]})";
    const auto first = parse(text);
    REQUIRE(first.ok());
    const auto second = parse(write(*first));
    REQUIRE(second.ok());
    CHECK(*first == *second);
}
