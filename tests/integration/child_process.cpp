#include "child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <utility>
#include <stdexcept>
#include <thread>

#include "scratch.hpp"

namespace turn::itest {
namespace {

constexpr int kExecFailed = 127;  // the shell's convention for "could not run"
constexpr auto kPollInterval = 10ms;

// This process's environment with `extra` added or replacing, built before
// fork (the child may not allocate).
std::vector<std::string> environment_with(const std::vector<std::string>& extra) {
    std::vector<std::string> out(extra);
    for (char** e = environ; *e != nullptr; ++e) {
        const std::string_view entry(*e);
        const auto name = entry.substr(0, entry.find('=') + 1);
        bool replaced = false;
        for (const auto& x : extra) replaced = replaced || x.starts_with(name);
        if (!replaced) out.emplace_back(entry);
    }
    return out;
}

std::vector<char*> pointers(const std::vector<std::string>& strings) {
    std::vector<char*> out;
    for (const auto& s : strings) out.push_back(const_cast<char*>(s.c_str()));
    out.push_back(nullptr);
    return out;
}

// Between fork and exec only async-signal-safe calls: no allocation here.
[[noreturn]] void exec_child(char* const* argv, char* const* envp, const char* log, pid_t parent) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(kExecFailed);  // the parent died before prctl
    const int null = ::open("/dev/null", O_RDONLY);
    const int out = ::open(log, O_WRONLY | O_APPEND | O_CREAT, 0600);
    if (null < 0 || out < 0) ::_exit(kExecFailed);
    ::dup2(null, STDIN_FILENO);
    ::dup2(out, STDOUT_FILENO);
    ::dup2(out, STDERR_FILENO);
    ::execve(argv[0], argv, envp);
    const char* why = std::strerror(errno);
    (void)!::write(STDERR_FILENO, "exec failed: ", 13);
    (void)!::write(STDERR_FILENO, why, std::strlen(why));
    ::_exit(kExecFailed);
}

ExitStatus from_wait_status(int ws) {
    if (WIFEXITED(ws)) return {true, WEXITSTATUS(ws), 0};
    return {false, 0, WIFSIGNALED(ws) ? WTERMSIG(ws) : 0};
}

}  // namespace

std::string ExitStatus::describe() const {
    if (exited) return "exit code " + std::to_string(code);
    return std::string("killed by signal ") + strsignal(signal);
}

ChildProcess ChildProcess::spawn(const std::vector<std::string>& argv, const std::filesystem::path& log,
                                 const std::vector<std::string>& env) {
    std::vector<char*> args = pointers(argv);
    const std::vector<std::string> environment = environment_with(env);
    std::vector<char*> envp = pointers(environment);
    const std::string log_path = log.string();
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    if (pid == 0) exec_child(args.data(), envp.data(), log_path.c_str(), parent);
    return ChildProcess(pid);
}

ChildProcess::ChildProcess(ChildProcess&& o) noexcept : pid_(std::exchange(o.pid_, -1)), status_(o.status_) {}

ChildProcess::~ChildProcess() {
    if (pid_ > 0) stop();
}

std::optional<ExitStatus> ChildProcess::poll() {
    if (status_ || pid_ <= 0) return status_;
    int ws = 0;
    const pid_t r = ::waitpid(pid_, &ws, WNOHANG);
    if (r == pid_) status_ = from_wait_status(ws);
    return status_;
}

std::optional<ExitStatus> ChildProcess::wait_for_exit(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!poll() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(kPollInterval);
    return poll();
}

void ChildProcess::signal(int sig) {
    if (!poll()) ::kill(pid_, sig);
}

ExitStatus ChildProcess::stop(std::chrono::milliseconds grace) {
    if (poll()) return *status_;
    ::kill(pid_, SIGTERM);
    if (wait_for_exit(grace)) return *status_;
    ::kill(pid_, SIGKILL);
    int ws = 0;
    while (::waitpid(pid_, &ws, 0) < 0 && errno == EINTR) {
    }
    status_ = from_wait_status(ws);
    return *status_;
}

ToolRun run_tool(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) {
    const auto log = new_scratch_file(std::filesystem::path(argv.at(0)).filename().string(), ".log");
    ChildProcess child = ChildProcess::spawn(argv, log);
    ToolRun run;
    const auto status = child.wait_for_exit(timeout);
    run.timed_out = !status;
    run.status = status ? *status : child.stop(1s);
    run.output = read_file(log);
    return run;
}

}  // namespace turn::itest
