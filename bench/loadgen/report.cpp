#include "bench/loadgen/report.hpp"

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

}  // namespace

void Report::print(std::ostream& out) const {
    for (const auto& r : rows_) {
        std::string line = pad(r.metric, 22) + pad(r.direction, 14) + pad(r.scenario, 22);
        for (std::size_t i = 0; i < r.values.size() && i < names_.size(); ++i)
            line += pad(names_[i] + "=" + fixed(r.values[i], r.precision), 18);
        if (r.values.size() >= 2 && r.values[1] != 0) line += "ratio=" + fixed(r.values[0] / r.values[1], 2);
        out << line << "\n";
    }
    if (notes_.empty()) return;
    out << "\n# details\n";
    for (const auto& n : notes_) out << "# " << n << "\n";
}

}  // namespace turn::bench
