#include "signaling/json_parser.hpp"

#include <optional>

#include "protocol/utf8.hpp"

namespace turn::signaling::json {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }  // RFC 8259 §2
bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// Recursive descent; every function returns nullopt after recording the
// first failure, and recursion stops at limits.max_depth.
class Parser {
public:
    Parser(std::string_view text, const Limits& limits) : text_(text), limits_(limits) {}

    Result<Value, ParseFailure> run() {
        auto value = parse_value(0);
        if (value) {
            skip_space();
            if (pos_ != text_.size()) fail(ParseError::TrailingData);
        }
        if (failure_) return unexpected(*failure_);
        return std::move(*value);
    }

private:
    std::nullopt_t fail(ParseError e) {
        if (!failure_) failure_ = ParseFailure{e, pos_};
        return std::nullopt;
    }
    bool refuse(ParseError e) {
        fail(e);
        return false;
    }
    bool at_end() const { return pos_ >= text_.size(); }
    char peek() const { return text_[pos_]; }
    void skip_space() {
        while (!at_end() && is_space(peek())) ++pos_;
    }
    bool consume(std::string_view word) {
        if (text_.substr(pos_, word.size()) != word) return false;
        pos_ += word.size();
        return true;
    }

    std::optional<Value> parse_value(std::size_t depth) {
        skip_space();
        if (at_end()) return fail(ParseError::UnexpectedEnd);
        if (++values_ > limits_.max_values) return fail(ParseError::TooManyValues);
        switch (peek()) {
            case '{': return parse_object(depth + 1);
            case '[': return parse_array(depth + 1);
            case '"': {
                auto s = parse_string();
                if (!s) return std::nullopt;
                return Value(std::move(*s));
            }
            case 't': return parse_literal("true", Value(true));
            case 'f': return parse_literal("false", Value(false));
            case 'n': return parse_literal("null", Value());
            default: return parse_number();
        }
    }

    std::optional<Value> parse_literal(std::string_view word, Value v) {
        if (!consume(word)) return fail(text_.size() - pos_ < word.size() ? ParseError::UnexpectedEnd
                                                                           : ParseError::UnexpectedCharacter);
        return v;
    }

    // RFC 8259 §6: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
    std::optional<Value> parse_number() {
        const std::size_t start = pos_;
        if (!at_end() && peek() == '-') ++pos_;
        if (at_end()) return fail(start == pos_ ? ParseError::UnexpectedCharacter : ParseError::BadNumber);
        if (peek() == '0') {
            ++pos_;
        } else if (is_digit(peek())) {
            skip_digits();
        } else {
            return fail(start == pos_ ? ParseError::UnexpectedCharacter : ParseError::BadNumber);
        }
        if (!at_end() && peek() == '.' && !fraction_or_exponent_digits(1)) return fail(ParseError::BadNumber);
        if (!at_end() && (peek() == 'e' || peek() == 'E')) {
            const std::size_t sign = pos_ + 1 < text_.size() && (text_[pos_ + 1] == '+' || text_[pos_ + 1] == '-');
            if (!fraction_or_exponent_digits(1 + sign)) return fail(ParseError::BadNumber);
        }
        if (!at_end() && is_digit(peek())) return fail(ParseError::BadNumber);  // "01"
        return Value(Number{std::string(text_.substr(start, pos_ - start))});
    }

    // Skips a marker of `marker` characters ('.', 'e', 'e+') and the digits
    // after it; false when no digit follows.
    bool fraction_or_exponent_digits(std::size_t marker) {
        pos_ += marker;
        if (at_end() || !is_digit(peek())) return false;
        skip_digits();
        return true;
    }
    void skip_digits() {
        while (!at_end() && is_digit(peek())) ++pos_;
    }

    std::optional<std::string> parse_string() {
        ++pos_;  // the opening quote
        std::string out;
        for (;;) {
            if (at_end()) return fail(ParseError::UnexpectedEnd);
            const char c = text_[pos_];
            if (c == '"') {
                ++pos_;
                return out;
            }
            if (static_cast<unsigned char>(c) < 0x20) return fail(ParseError::ControlCharacter);
            if (c == '\\') {
                if (!parse_escape(out)) return std::nullopt;
            } else {
                out += c;  // the whole text is already known to be well-formed UTF-8
                ++pos_;
            }
            if (out.size() > limits_.max_string_bytes) return fail(ParseError::StringTooLong);
        }
    }

    // RFC 8259 §7: \" \\ \/ \b \f \n \r \t and \uXXXX (surrogate pairs combined).
    bool parse_escape(std::string& out) {
        ++pos_;
        if (at_end()) return refuse(ParseError::UnexpectedEnd);
        const char c = text_[pos_++];
        switch (c) {
            case '"': out += '"'; return true;
            case '\\': out += '\\'; return true;
            case '/': out += '/'; return true;
            case 'b': out += '\b'; return true;
            case 'f': out += '\f'; return true;
            case 'n': out += '\n'; return true;
            case 'r': out += '\r'; return true;
            case 't': out += '\t'; return true;
            case 'u': return parse_unicode_escape(out);
            default:
                --pos_;
                return refuse(ParseError::BadEscape);
        }
    }

    std::optional<std::uint32_t> hex4() {
        if (text_.size() - pos_ < 4) return fail(ParseError::BadEscape);
        std::uint32_t v = 0;
        for (int i = 0; i < 4; ++i) {
            const int h = hex_value(text_[pos_ + i]);
            if (h < 0) return fail(ParseError::BadEscape);
            v = v * 16 + static_cast<std::uint32_t>(h);
        }
        pos_ += 4;
        return v;
    }

    bool parse_unicode_escape(std::string& out) {
        const auto first = hex4();
        if (!first) return false;
        std::uint32_t cp = *first;
        if (cp >= 0xDC00 && cp <= 0xDFFF) return refuse(ParseError::LoneSurrogate);
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (!consume("\\u")) return refuse(ParseError::LoneSurrogate);
            const auto second = hex4();
            if (!second) return false;
            if (*second < 0xDC00 || *second > 0xDFFF) return refuse(ParseError::LoneSurrogate);
            cp = 0x10000 + ((cp - 0xD800) << 10) + (*second - 0xDC00);
        }
        append_utf8(out, cp);
        return true;
    }

    // After an element or member: ',' continues, `close` ends, else an error.
    std::optional<bool> more(char close) {
        skip_space();
        if (at_end()) return fail(ParseError::UnexpectedEnd);
        const char c = text_[pos_++];
        if (c == ',') return true;
        if (c == close) return false;
        --pos_;
        return fail(ParseError::UnexpectedCharacter);
    }

    // True (and consumed) when the container closes right away: "[]", "{}".
    bool empty_container(char close) {
        ++pos_;
        skip_space();
        if (at_end() || peek() != close) return false;
        ++pos_;
        return true;
    }

    std::optional<Value> parse_array(std::size_t depth) {
        if (depth > limits_.max_depth) return fail(ParseError::TooDeep);
        Value::Array items;
        if (empty_container(']')) return Value(std::move(items));
        for (;;) {
            auto item = parse_value(depth);
            if (!item) return std::nullopt;
            items.push_back(std::move(*item));
            const auto again = more(']');
            if (!again) return std::nullopt;
            if (!*again) return Value(std::move(items));
        }
    }

    std::optional<Value> parse_object(std::size_t depth) {
        if (depth > limits_.max_depth) return fail(ParseError::TooDeep);
        Value::Object members;
        if (empty_container('}')) return Value(std::move(members));
        for (;;) {
            auto member = parse_member(depth);
            if (!member) return std::nullopt;
            for (const Member& m : members)
                if (m.key == member->key) return fail(ParseError::DuplicateKey);
            members.push_back(std::move(*member));
            const auto again = more('}');
            if (!again) return std::nullopt;
            if (!*again) return Value(std::move(members));
        }
    }

    std::optional<Member> parse_member(std::size_t depth) {
        skip_space();
        if (at_end()) return fail(ParseError::UnexpectedEnd);
        if (peek() != '"') return fail(ParseError::UnexpectedCharacter);
        auto key = parse_string();
        if (!key) return std::nullopt;
        skip_space();
        if (at_end()) return fail(ParseError::UnexpectedEnd);
        if (peek() != ':') return fail(ParseError::UnexpectedCharacter);
        ++pos_;
        auto value = parse_value(depth);
        if (!value) return std::nullopt;
        return Member{std::move(*key), std::move(*value)};
    }

    std::string_view text_;
    const Limits& limits_;
    std::size_t pos_ = 0;
    std::size_t values_ = 0;
    std::optional<ParseFailure> failure_;
};

}  // namespace

std::string_view parse_error_name(ParseError e) {
    switch (e) {
        case ParseError::TooLarge: return "text too large";
        case ParseError::TooDeep: return "nested too deeply";
        case ParseError::TooManyValues: return "too many values";
        case ParseError::StringTooLong: return "string too long";
        case ParseError::BadUtf8: return "not UTF-8";
        case ParseError::UnexpectedEnd: return "unexpected end";
        case ParseError::UnexpectedCharacter: return "unexpected character";
        case ParseError::BadNumber: return "malformed number";
        case ParseError::BadEscape: return "malformed escape";
        case ParseError::LoneSurrogate: return "unpaired UTF-16 surrogate";
        case ParseError::ControlCharacter: return "control character in a string";
        case ParseError::DuplicateKey: return "duplicate key";
        case ParseError::TrailingData: return "data after the value";
    }
    return "malformed JSON";
}

Result<Value, ParseFailure> parse(std::string_view text, const Limits& limits) {
    if (text.size() > limits.max_bytes) return unexpected(ParseFailure{ParseError::TooLarge, limits.max_bytes});
    if (!proto::utf8_length(text)) return unexpected(ParseFailure{ParseError::BadUtf8, 0});
    return Parser(text, limits).run();
}

}  // namespace turn::signaling::json
