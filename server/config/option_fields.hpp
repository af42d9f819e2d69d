// Setter/getter factories for the option table: one per kind of Config field,
// so each table entry names a field and a parser instead of repeating code.
#pragma once

#include <limits>
#include <string>

#include "option_table.hpp"

namespace turn::config::fields {

struct Access {
  Setter set;
  Getter get;
};

inline std::string identity(const std::string& text) { return text; }

inline Parsed<std::string> any_text(std::string_view text) { return std::string(text); }

// A single-valued field: a later occurrence replaces an earlier one, as coturn.
template <class T, class Parse, class Format>
Access scalar(T Config::*field, Parse parse, Format format) {
  return {[=](Config& config, std::optional<std::string_view> value) -> std::optional<Refusal> {
            auto parsed = parse(value.value_or(""));
            if (!parsed.ok()) return Refusal{parsed.reason()};
            config.*field = parsed.value();
            return std::nullopt;
          },
          [=](const Config& config) -> std::vector<std::string> {
            std::string text = format(config.*field);
            if (text.empty()) return {};
            return {text};
          }};
}

// A repeatable field: every occurrence appends, from every source.
template <class T, class Parse, class Format>
Access repeated(std::vector<T> Config::*field, Parse parse, Format format) {
  return {[=](Config& config, std::optional<std::string_view> value) -> std::optional<Refusal> {
            auto parsed = parse(value.value_or(""));
            if (!parsed.ok()) return Refusal{parsed.reason()};
            (config.*field).push_back(parsed.value());
            return std::nullopt;
          },
          [=](const Config& config) {
            std::vector<std::string> texts;
            for (const T& item : config.*field) texts.push_back(format(item));
            return texts;
          }};
}

inline Access text(std::string Config::*field) { return scalar(field, any_text, identity); }

inline Access texts(std::vector<std::string> Config::*field) {
  return repeated(field, any_text, identity);
}

inline Access port(std::uint16_t Config::*field, bool allow_zero = false) {
  auto parse = [allow_zero](std::string_view text) { return parse_port(text, allow_zero); };
  return scalar(field, parse, [](std::uint16_t p) { return std::to_string(p); });
}

template <class T>
Access in_range(T Config::*field, std::uint64_t min, std::uint64_t max) {
  auto parse = [min, max](std::string_view text) -> Parsed<T> {
    auto parsed = parse_unsigned(text, min, max);
    if (!parsed.ok()) return Refusal{parsed.reason()};
    return static_cast<T>(parsed.value());
  };
  return scalar(field, parse, [](T n) { return std::to_string(n); });
}

template <class T>
Access number(T Config::*field, std::uint64_t max = std::numeric_limits<T>::max()) {
  return in_range(field, 0, max);
}

// Lifetimes in whole seconds; 0 is refused because no lifetime is zero long.
inline Parsed<Seconds> parse_seconds(std::string_view text) {
  auto parsed = parse_unsigned(text, 1, std::numeric_limits<std::uint32_t>::max());
  if (!parsed.ok()) return Refusal{parsed.reason()};
  return Seconds(parsed.value());
}

inline std::string format_seconds(Seconds s) { return std::to_string(s.count()); }

inline Access seconds(Seconds Config::*field) {
  return scalar(field, parse_seconds, format_seconds);
}

// A flag: present means true; "name=false" and YAML "name: false" clear it.
inline Access flag(bool Config::*field) {
  return {[=](Config& config, std::optional<std::string_view> value) -> std::optional<Refusal> {
            bool on = true;
            if (value) {
              auto parsed = parse_bool(*value);
              if (!parsed.ok()) return Refusal{parsed.reason()};
              on = parsed.value();
            }
            config.*field = on;
            return std::nullopt;
          },
          [=](const Config& config) -> std::vector<std::string> {
            if (!(config.*field)) return {};
            return {"true"};
          }};
}

}  // namespace turn::config::fields
