// JSON values (RFC 8259) for the signaling protocol: what the parser builds
// and the writer prints. Numbers keep the text they were written with, so a
// `signal` message's `data` reaches the other peer exactly as sent, without a
// round trip through double.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace turn::signaling::json {

// A number as written, already checked against RFC 8259 §6's grammar.
struct Number {
    std::string text;
    bool operator==(const Number&) const = default;
};

struct Member;

class Value {
public:
    using Array = std::vector<Value>;
    using Object = std::vector<Member>;  // in document order; keys are unique

    // Every constructor is defined below Member: constructing a Value may
    // destroy one, and destroying a vector needs its element type complete.
    Value();                       // null
    Value(std::nullptr_t);         // NOLINT: implicit by design
    Value(bool b);                 // NOLINT
    Value(Number n);               // NOLINT
    Value(std::string s);          // NOLINT
    Value(std::string_view s);     // NOLINT
    Value(const char* s);          // NOLINT
    Value(Array a);                // NOLINT
    Value(Object o);               // NOLINT
    Value(const Value& other);
    Value(Value&& other) noexcept;
    Value& operator=(const Value& other);
    Value& operator=(Value&& other) noexcept;
    ~Value();
    static Value integer(std::int64_t n);

    bool is_null() const { return std::holds_alternative<std::nullptr_t>(v_); }
    const bool* as_bool() const { return std::get_if<bool>(&v_); }
    const Number* as_number() const { return std::get_if<Number>(&v_); }
    const std::string* as_string() const { return std::get_if<std::string>(&v_); }
    const Array* as_array() const { return std::get_if<Array>(&v_); }
    const Object* as_object() const { return std::get_if<Object>(&v_); }

    // The member named `key` of an object; null for a missing key or a non-object.
    const Value* find(std::string_view key) const;

    bool operator==(const Value& other) const;

private:
    std::variant<std::nullptr_t, bool, Number, std::string, Array, Object> v_;
};

struct Member {
    std::string key;
    Value value;
    bool operator==(const Member&) const = default;
};

inline Value::Value() = default;
inline Value::Value(std::nullptr_t) {}
inline Value::Value(bool b) : v_(b) {}
inline Value::Value(Number n) : v_(std::move(n)) {}
inline Value::Value(std::string s) : v_(std::move(s)) {}
inline Value::Value(std::string_view s) : v_(std::string(s)) {}
inline Value::Value(const char* s) : v_(std::string(s)) {}
inline Value::Value(Array a) : v_(std::move(a)) {}
inline Value::Value(Object o) : v_(std::move(o)) {}
inline Value Value::integer(std::int64_t n) { return Number{std::to_string(n)}; }
inline Value::Value(const Value& other) = default;
inline Value::Value(Value&& other) noexcept = default;
inline Value& Value::operator=(const Value& other) = default;
inline Value& Value::operator=(Value&& other) noexcept = default;
inline Value::~Value() = default;
inline bool Value::operator==(const Value& other) const { return v_ == other.v_; }

}  // namespace turn::signaling::json
