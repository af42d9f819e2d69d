// turnutils_rfc5769check: checks the codec against the RFC 5769 test vectors,
// as coturn's tool of the same name does. Exit 0 when every check passes.
#include <cstdio>
#include <cstring>

#include "protocol/rfc5769_vectors.hpp"

int main(int argc, char** argv) {
    if (argc > 1 && (std::strcmp(argv[1], "-h") == 0 || std::strcmp(argv[1], "--help") == 0)) {
        std::puts("Usage: turnutils_rfc5769check\n"
                  "Decodes, verifies and re-encodes the STUN test vectors of RFC 5769.\n"
                  "Exit status: 0 if every check passes, 1 otherwise.");
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
