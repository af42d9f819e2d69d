#include "signal_process.hpp"

#include <catch2/catch.hpp>

#include <stdlib.h>

#include <fstream>
#include <stdexcept>
#include <thread>

#include "ports.hpp"
#include "scratch.hpp"
#include "server_process.hpp"
#include "test_connection.hpp"

namespace turn::itest {
namespace {

constexpr auto kReadyTimeout = 10s;
constexpr auto kProbeInterval = 50ms;

void write_text(const std::filesystem::path& p, std::string_view text) { std::ofstream(p) << text; }

}  // namespace

std::vector<std::string> signal_base_lines(std::uint16_t port, const std::filesystem::path& web_root) {
    return {
        "signaling-listening-ip=127.0.0.1",
        "signaling-listening-port=" + std::to_string(port),
        "signaling-web-root=" + web_root.string(),
        "listening-ip=127.0.0.1",
        "listening-port=3478",
        "use-auth-secret",
        std::string("static-auth-secret=") + kSignalSecret,
        "realm=itest.example",
        "log-file=stdout",
    };
}

std::filesystem::path make_web_root() {
    std::string name = (scratch_dir() / "site-XXXXXX").string();
    if (::mkdtemp(name.data()) == nullptr) throw std::runtime_error("mkdtemp " + name + " failed");
    const std::filesystem::path base = name;
    const auto root = base / "web";
    std::filesystem::create_directories(root / "docs");
    write_text(root / "index.html", "<!doctype html><title>room</title>");
    write_text(root / "app.js", "console.log('hi');");
    write_text(root / "style.css", "body{margin:0}");
    write_text(root / "docs" / "index.html", "docs");
    write_text(root / ".env", "hidden");
    write_text(base / "secret.txt", "outside the web root");
    std::filesystem::create_symlink(base / "secret.txt", root / "link.txt");
    return root;
}

std::vector<std::string> self_signed_certificate_lines() {
    const auto key = new_scratch_file("signal-key", ".pem");
    const auto cert = new_scratch_file("signal-cert", ".pem");
    const ToolRun run = run_tool({"/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                                  "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                                  "-keyout", key.string(), "-out", cert.string()},
                                 10s);
    if (!run.status.clean()) throw std::runtime_error("openssl req failed: " + run.output);
    return {"cert=" + cert.string(), "pkey=" + key.string()};
}

SignalProcess::SignalProcess(SignalConfig config)
    : port_(free_udp_port()),
      web_root_(make_web_root()),
      log_path_(new_scratch_file("turnsignal", ".log")),
      config_path_([&] {
          auto lines = signal_base_lines(port_, web_root_);
          if (config.https) {
              for (auto& l : self_signed_certificate_lines()) lines.push_back(l);
              lines.push_back("signaling-listening-port=0");
              lines.push_back("signaling-tls-listening-port=" + std::to_string(port_));
          }
          lines.insert(lines.end(), config.lines.begin(), config.lines.end());
          return write_config(lines);
      }()),
      child_(ChildProcess::spawn({kSignalBinary, "-c", config_path_.string()}, log_path_, config.environment)) {
    if (config.wait_until_ready) wait_until_ready();
}

SignalProcess::~SignalProcess() {
    const ExitStatus status = stop();
    INFO("turnsignal log: " << log_path_.string());
    CHECK(status.describe() == "exit code 0");
    CHECK_FALSE(has_sanitizer_report(log()));
    std::error_code ec;
    std::filesystem::remove_all(web_root_.parent_path(), ec);
}

std::string SignalProcess::log() const { return read_file(log_path_); }

bool SignalProcess::log_shows(std::string_view text, std::chrono::milliseconds timeout) const {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (log().find(text) == std::string::npos) {
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(kProbeInterval);
    }
    return true;
}

void SignalProcess::wait_until_ready() {
    const auto deadline = std::chrono::steady_clock::now() + kReadyTimeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (const auto exited = child_.poll())
            throw std::runtime_error("turnsignal exited during start-up (" + exited->describe() + "):\n" + log());
        try {
            TestConnection::open(port_);  // accepted (and closed at once): listening
            return;
        } catch (const std::runtime_error&) {
            std::this_thread::sleep_for(kProbeInterval);
        }
    }
    child_.stop(1s);
    throw std::runtime_error("turnsignal did not start within 10 s:\n" + log());
}

}  // namespace turn::itest
