// Prints the logs of the servers and tools a failing test ran, so a failure
// in CI explains itself. Logs live in scratch_dir(): emptied when a test case
// starts, printed when it ends with a failure, removed with the directory
// when the run ends.
// Listeners are part of Catch2 v2's "external interfaces".
#define CATCH_CONFIG_EXTERNAL_INTERFACES
#include <catch2/catch.hpp>

#include <iostream>
#include <system_error>

#include "scratch.hpp"

namespace turn::itest {
namespace {

// Enough of a log to see the start-up lines and the end; ASan reports fit.
constexpr std::size_t kMaxPrintedBytes = 16 * 1024;

class FailureLogPrinter : public Catch::TestEventListenerBase {
public:
    using TestEventListenerBase::TestEventListenerBase;

    void testCaseStarting(const Catch::TestCaseInfo& info) override {
        std::error_code ec;
        for (const auto& e : std::filesystem::directory_iterator(scratch_dir(), ec))
            std::filesystem::remove(e.path(), ec);
        TestEventListenerBase::testCaseStarting(info);
    }

    void testCaseEnded(const Catch::TestCaseStats& stats) override {
        if (stats.totals.assertions.failed > 0) print_logs();
        TestEventListenerBase::testCaseEnded(stats);
    }

    void testRunEnded(const Catch::TestRunStats& stats) override {
        std::error_code ec;
        std::filesystem::remove_all(scratch_dir(), ec);
        TestEventListenerBase::testRunEnded(stats);
    }

private:
    static void print_logs() {
        std::error_code ec;
        for (const auto& e : std::filesystem::directory_iterator(scratch_dir(), ec)) {
            if (e.path().extension() != ".log" && e.path().extension() != ".conf") continue;
            std::string text = read_file(e.path());
            if (text.size() > kMaxPrintedBytes) text = "[...]\n" + text.substr(text.size() - kMaxPrintedBytes);
            std::cerr << "----- " << e.path().filename().string() << " -----\n" << text << "----- end -----\n";
        }
    }
};

}  // namespace

CATCH_REGISTER_LISTENER(FailureLogPrinter)

}  // namespace turn::itest
