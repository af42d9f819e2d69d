// A strict, bounded JSON parser (RFC 8259) for messages from untrusted
// clients. Strict: one value, no comments, no trailing commas, no leading
// zeros, no duplicate object keys, no unpaired UTF-16 surrogates in \u
// escapes, and the text must be well-formed UTF-8 (§8.1). Bounded: input
// size, nesting depth, string length and the number of values are capped,
// so neither the recursion nor the memory a message costs can grow with
// what a client sends.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "protocol/result.hpp"
#include "signaling/json_value.hpp"

namespace turn::signaling::json {

struct Limits {
    std::size_t max_bytes = 64 * 1024;     // the whole text
    std::size_t max_depth = 16;            // arrays and objects inside each other
    std::size_t max_string_bytes = 32 * 1024;  // one string or key, decoded
    std::size_t max_values = 4096;         // every value, members and elements included
};

enum class ParseError : std::uint8_t {
    TooLarge,             // the text is longer than max_bytes
    TooDeep,              // nesting beyond max_depth
    TooManyValues,        // more than max_values values
    StringTooLong,        // a string beyond max_string_bytes
    BadUtf8,              // the text is not well-formed UTF-8
    UnexpectedEnd,        // the text stops inside a value
    UnexpectedCharacter,  // a character no JSON value can start or continue with
    BadNumber,            // a number outside RFC 8259 §6's grammar
    BadEscape,            // an unknown escape, or \u without four hex digits
    LoneSurrogate,        // a \u escape of half a UTF-16 surrogate pair
    ControlCharacter,     // an unescaped character below U+0020 in a string
    DuplicateKey,         // an object names a key twice
    TrailingData,         // more than whitespace after the value
};

std::string_view parse_error_name(ParseError e);

struct ParseFailure {
    ParseError error = ParseError::UnexpectedEnd;
    std::size_t offset = 0;  // byte offset where the problem was found
};

Result<Value, ParseFailure> parse(std::string_view text, const Limits& limits = {});

}  // namespace turn::signaling::json
