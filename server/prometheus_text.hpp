// The Prometheus text exposition format, version 0.0.4: "# HELP" and
// "# TYPE" once per metric family, then one "name{label="value"} number"
// line per sample. Label values are escaped (backslash, double quote,
// newline), so a user name cannot break the output.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace turn::server {

inline constexpr std::string_view kPrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

enum class MetricType : std::uint8_t { Counter, Gauge };

using Label = std::pair<std::string_view, std::string_view>;

class PrometheusText {
public:
    // Starts a family; its samples follow.
    void family(std::string_view name, MetricType type, std::string_view help);
    void sample(std::string_view name, std::uint64_t value, std::initializer_list<Label> labels = {});
    // A family with one unlabelled sample.
    void single(std::string_view name, MetricType type, std::string_view help, std::uint64_t value);

    const std::string& text() const { return out_; }
    std::string take() { return std::move(out_); }

private:
    void label_value(std::string_view v);

    std::string out_;
};

}  // namespace turn::server
