#include "bench/loadgen/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <sstream>

namespace turn::bench {

namespace {

std::string pad(const std::string& s, std::size_t width) {
    return s.size() >= width ? s + " " : s + std::string(width - s.size(), ' ');
}

std::string fixed(double v, int precision) {
    std::ostringstream o;
    o << std::fixed << std::setprecision(precision) << v;
    return o.str();
}

// a/b, or "" where either is missing or b is 0.
std::string ratio(double a, double b) {
    if (std::isnan(a) || std::isnan(b) || b == 0) return "";
    return fixed(a / b, 2);
}

}  // namespace

void Report::print(std::ostream& out) const {
    for (const auto& r : rows_) {
        std::string line = pad(r.metric, 22) + pad(r.direction, 14) + pad(r.scenario, 22);
        const std::size_t n = std::min(r.values.size(), names_.size());
        for (std::size_t i = 0; i < n; ++i)
            line += pad(names_[i] + "=" + (std::isnan(r.values[i]) ? "-" : fixed(r.values[i], r.precision)), 18);
        // "ratio=" stays first over second; further targets get their names.
        for (std::size_t i = 1; i < n; ++i) {
            const auto q = ratio(r.values[0], r.values[i]);
            if (q.empty()) continue;
            line += pad((i == 1 ? std::string("ratio") : names_[0] + "/" + names_[i]) + "=" + q, 18);
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out << line << "\n";
    }
    if (notes_.empty()) return;
    out << "\n# details\n";
    for (const auto& n : notes_) out << "# " << n << "\n";
}

}  // namespace turn::bench
