// A child process started with fork/exec whose stdout and stderr go to a log
// file. The owner always reaps it: the destructor sends SIGTERM, waits a
// little, then SIGKILLs, so a failing test leaves no process behind. The child
// also gets SIGKILL if the test process itself dies (PR_SET_PDEATHSIG).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace turn::itest {

using namespace std::chrono_literals;

struct ExitStatus {
    bool exited = false;  // true: exit code; false: killed by `signal`
    int code = 0;
    int signal = 0;

    bool clean() const { return exited && code == 0; }
    std::string describe() const;
};

class ChildProcess {
public:
    // Starts argv[0] (a path; no PATH search) with stdin from /dev/null, in
    // this process's environment plus `env` ("NAME=value", replacing a
    // variable of the same name). Throws std::runtime_error if fork fails;
    // an exec failure shows up as exit code 127 with the reason in the log.
    static ChildProcess spawn(const std::vector<std::string>& argv, const std::filesystem::path& log,
                              const std::vector<std::string>& env = {});

    ChildProcess(ChildProcess&& o) noexcept;
    ChildProcess& operator=(ChildProcess&&) = delete;
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;
    ~ChildProcess();

    pid_t pid() const { return pid_; }
    // The exit status once the child has ended (and been reaped).
    std::optional<ExitStatus> poll();
    std::optional<ExitStatus> wait_for_exit(std::chrono::milliseconds timeout);
    // Sends `sig` if the child is still running.
    void signal(int sig);
    // SIGTERM, up to `grace` to exit, then SIGKILL; always reaps. Idempotent.
    ExitStatus stop(std::chrono::milliseconds grace = 5s);

private:
    explicit ChildProcess(pid_t pid) : pid_(pid) {}

    pid_t pid_ = -1;
    std::optional<ExitStatus> status_;
};

// Runs a program to completion, killing it after `timeout`; returns its exit
// status and everything it printed.
struct ToolRun {
    ExitStatus status;
    bool timed_out = false;
    std::string output;
};
ToolRun run_tool(const std::vector<std::string>& argv, std::chrono::milliseconds timeout);

}  // namespace turn::itest
