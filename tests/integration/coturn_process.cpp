#include "coturn_process.hpp"

#include <unistd.h>

#include <sstream>
#include <stdexcept>
#include <thread>

#include "protocol/message_builder.hpp"
#include "scratch.hpp"
#include "turn_client.hpp"

namespace turn::itest {
namespace {

constexpr auto kAdminTimeout = std::chrono::seconds(10);
constexpr auto kReadyTimeout = std::chrono::seconds(10);

bool answers_binding(std::uint16_t port) {
    UdpEndpoint probe("127.0.0.1");
    const auto server = *proto::TransportAddress::parse("127.0.0.1", port);
    Bytes buf(64);
    const auto tid = random_tid();
    proto::MessageBuilder b(buf, {proto::Method::Binding, proto::MessageClass::Request}, tid);
    probe.send_to(server, *b.finish());
    const auto reply = probe.receive(std::chrono::milliseconds(100));
    return reply && proto::StunMessage::decode(reply->bytes).ok();
}

}  // namespace

std::string without_log_lines(const std::string& output) {
    std::istringstream in(output);
    std::string line, out;
    while (std::getline(in, line))
        if (!line.starts_with("0: : ")) out += line + "\n";
    return out;
}

ToolRun run_coturn_turnadmin(const std::vector<std::string>& args) {
    std::vector<std::string> argv;
    if (::geteuid() == 0) {
        // As root, coturn's turnadmin would write /var/log/turn_<pid>_<date>.log.
        const auto logs = scratch_dir() / "coturn-turnadmin-logs";
        std::filesystem::create_directories(logs);
        argv = {"/usr/bin/unshare", "-m",   "/bin/sh", "-c", "mount --bind \"$0\" /var/log && exec \"$@\"",
                logs.string(),      kCoturnTurnadmin};
    } else {
        argv = {kCoturnTurnadmin};
    }
    argv.insert(argv.end(), args.begin(), args.end());
    auto run = run_tool(argv, kAdminTimeout);
    run.output = without_log_lines(run.output);
    return run;
}

CoturnServer::CoturnServer(std::vector<std::string> options)
    : port_(free_udp_port()),
      relay_(relay_port_range(16)),
      log_path_(new_scratch_file("coturn", ".log")),
      out_path_(new_scratch_file("coturn-stdout", ".log")),
      child_([&] {
          std::vector<std::string> argv{kCoturnTurnserver, "-n", "--no-cli", "--no-tls", "--no-dtls",
                                        "--no-tcp", "--listening-ip", "127.0.0.1", "--relay-ip", "127.0.0.1",
                                        "-p", std::to_string(port_), "--min-port", std::to_string(relay_.min),
                                        "--max-port", std::to_string(relay_.max), "--log-file",
                                        log_path_.string(), "--simple-log", "--pidfile",
                                        (scratch_dir() / ("coturn-" + std::to_string(port_) + ".pid")).string()};
          argv.insert(argv.end(), options.begin(), options.end());
          return ChildProcess::spawn(argv, out_path_);
      }()) {
    const auto deadline = std::chrono::steady_clock::now() + kReadyTimeout;
    while (std::chrono::steady_clock::now() < deadline) {
        if (const auto exited = child_.poll())
            throw std::runtime_error("coturn's turnserver exited during start-up (" + exited->describe() + "):\n" +
                                     log());
        if (answers_binding(port_)) return;
    }
    child_.stop(std::chrono::seconds(1));
    throw std::runtime_error("coturn's turnserver did not come up within 10 s:\n" + log());
}

CoturnServer::~CoturnServer() { child_.stop(std::chrono::seconds(3)); }

std::string CoturnServer::log() const { return read_file(out_path_) + read_file(log_path_); }

}  // namespace turn::itest
