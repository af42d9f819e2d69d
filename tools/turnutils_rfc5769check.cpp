// turnutils_rfc5769check: checks the codec against the RFC 5769 test vectors,
// as coturn's tool of the same name does. Exit 0 when every check passes.
#include <cstdio>
#include <iostream>
#include <string_view>
#include <vector>

#include "protocol/rfc5769_vectors.hpp"
#include "tools/rfc5769check_usage.hpp"

int main(int argc, char** argv) {
    const std::vector<std::string_view> args(argv + 1, argv + argc);
    if (turn::tools::rfc5769check_wants_help(args)) {
        std::cout << turn::usage::render_help(turn::tools::rfc5769check_usage());
        return 0;
    }
    int failed = 0;
    for (const auto& r : turn::proto::rfc5769::run_checks()) {
        std::printf("%-60s %s%s%s\n", r.name.c_str(), r.passed ? "success" : "FAILURE",
                    r.passed ? "" : ": ", r.detail.c_str());
        failed += r.passed ? 0 : 1;
    }
    std::printf("%s\n", failed == 0 ? "All RFC 5769 checks passed." : "Some RFC 5769 checks FAILED.");
    return failed == 0 ? 0 : 1;
}
