#include "server/prometheus_text.hpp"

namespace turn::server {

void PrometheusText::family(std::string_view name, MetricType type, std::string_view help) {
    out_.append("# HELP ").append(name).append(" ").append(help).append("\n");
    out_.append("# TYPE ").append(name).append(type == MetricType::Counter ? " counter\n" : " gauge\n");
}

void PrometheusText::sample(std::string_view name, std::uint64_t value, std::initializer_list<Label> labels) {
    out_.append(name);
    if (labels.size() != 0) {
        char separator = '{';
        for (const auto& [key, v] : labels) {
            out_.push_back(separator);
            out_.append(key).append("=\"");
            label_value(v);
            out_.push_back('"');
            separator = ',';
        }
        out_.push_back('}');
    }
    out_.push_back(' ');
    out_.append(std::to_string(value)).push_back('\n');
}

void PrometheusText::single(std::string_view name, MetricType type, std::string_view help, std::uint64_t value) {
    family(name, type, help);
    sample(name, value);
}

void PrometheusText::label_value(std::string_view v) {
    for (const char c : v) {
        if (c == '\\')
            out_.append("\\\\");
        else if (c == '"')
            out_.append("\\\"");
        else if (c == '\n')
            out_.append("\\n");
        else
            out_.push_back(c);
    }
}

}  // namespace turn::server
