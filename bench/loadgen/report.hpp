// The result table: one line per metric and scenario, a value per server,
// the ratio of the first server to the second, and of the first to each
// further one, in a form that quotes well:
//
//   cpu_ns_per_pkt  client->peer  8-flows-burst32  ours=1234  coturn=2345  floor=1000  ratio=0.53  ours/floor=1.23
#pragma once

#include <limits>
#include <ostream>
#include <string>
#include <vector>

namespace turn::bench {

// A value a target has no measurement for (the floor has no allocations); printed as "-".
inline constexpr double kNotMeasured = std::numeric_limits<double>::quiet_NaN();

struct Row {
    std::string metric;
    std::string direction;
    std::string scenario;
    std::vector<double> values;  // one per target, in target order
    int precision = 0;
};

class Report {
public:
    explicit Report(std::vector<std::string> names) : names_(std::move(names)) {}
    void add(Row row) { rows_.push_back(std::move(row)); }
    // Free-form lines (sent, received, loss, server CPU load) printed after the table.
    void note(std::string line) { notes_.push_back(std::move(line)); }
    void print(std::ostream& out) const;

private:
    std::vector<std::string> names_;
    std::vector<Row> rows_;
    std::vector<std::string> notes_;
};

}  // namespace turn::bench
