// turn_loadgen: drives one or more TURN servers with the same load, phase by
// phase, and prints a table of per-server results with ratios (bench/README.md).
#include <sys/resource.h>

#include <csignal>
#include <exception>
#include <iostream>

#include "bench/loadgen/options.hpp"
#include "bench/loadgen/report.hpp"
#include "bench/loadgen/suite.hpp"

namespace {

// Thousands of client sockets: lift the soft descriptor limit to the hard one.
void raise_fd_limit() {
    rlimit rl{};
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
    }
}

}  // namespace

int main(int argc, char** argv) {
    using namespace turn::bench;
    const auto opts = parse_options(argc, argv);
    if (!opts) return 2;
    raise_fd_limit();
    std::vector<std::string> names;
    for (const auto& t : opts->targets) names.push_back(t.name);
    Report report(names);
    bool ok = false;
    try {
        ok = run_suite(*opts, report);
    } catch (const std::exception& e) {
        std::cerr << "turn_loadgen: " << e.what() << "\n";
    }
    // What was measured before a failure is still worth seeing.
    report.print(std::cout);
    return ok ? 0 : 1;
}
