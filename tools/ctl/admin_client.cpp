#include "admin_client.hpp"

#include <arpa/inet.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "server/admin_protocol.hpp"

namespace turn::turnctl {
namespace {

constexpr std::size_t kMaxAnswerLine = 64 * 1024;

std::string failure(const std::string& what) { return what + ": " + std::strerror(errno); }

}  // namespace

AdminClient::AdminClient(AdminClient&& o) noexcept : fd_(std::exchange(o.fd_, -1)), buffer_(std::move(o.buffer_)) {}

AdminClient::~AdminClient() {
    if (fd_ >= 0) ::close(fd_);
}

Result<AdminClient, std::string> AdminClient::connect_unix(const std::string& path) {
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    if (path.empty() || path.size() >= sizeof a.sun_path) return unexpected("socket path too long: " + path);
    std::memcpy(a.sun_path, path.data(), path.size());
    AdminClient c(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (c.fd_ < 0) return unexpected(failure("socket"));
    if (::connect(c.fd_, reinterpret_cast<const sockaddr*>(&a), sizeof a) != 0)
        return unexpected(failure("cannot connect to " + path));
    return c;
}

Result<AdminClient, std::string> AdminClient::connect_tcp(std::uint16_t port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    AdminClient c(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (c.fd_ < 0) return unexpected(failure("socket"));
    if (::connect(c.fd_, reinterpret_cast<const sockaddr*>(&a), sizeof a) != 0)
        return unexpected(failure("cannot connect to 127.0.0.1:" + std::to_string(port)));
    return c;
}

Result<std::string, std::string> AdminClient::read_line(std::optional<std::chrono::seconds> timeout) {
    for (;;) {
        if (const auto nl = buffer_.find('\n'); nl != std::string::npos) {
            std::string line = buffer_.substr(0, nl);
            buffer_.erase(0, nl + 1);
            if (!line.empty() && line.back() == '\r') line.pop_back();
            return line;
        }
        if (buffer_.size() > kMaxAnswerLine) return unexpected(std::string("the server sent an overlong line"));
        pollfd p{fd_, POLLIN, 0};
        const int ms = timeout ? static_cast<int>(std::chrono::milliseconds(*timeout).count()) : -1;
        const int ready = ::poll(&p, 1, ms);
        if (ready == 0) return unexpected(std::string("no answer from the server in time"));
        if (ready < 0 && errno != EINTR) return unexpected(failure("poll"));
        if (ready < 0) continue;
        char chunk[4096];
        const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
        if (n == 0) return unexpected(std::string("the server closed the connection"));
        if (n < 0 && errno != EINTR) return unexpected(failure("recv"));
        if (n > 0) buffer_.append(chunk, static_cast<std::size_t>(n));
    }
}

Result<Answer, std::string> AdminClient::ask(std::string_view line, std::optional<std::chrono::seconds> timeout) {
    const std::string out = std::string(line) + "\n";
    if (::send(fd_, out.data(), out.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(out.size()))
        return unexpected(failure("send"));
    Answer a;
    for (;;) {
        auto l = read_line(timeout);
        if (!l) return unexpected(l.error());
        if (!server::admin::is_status_line(*l)) {
            a.records.push_back(std::move(*l));
            continue;
        }
        a.ok = l->starts_with("ok");
        const auto space = l->find(' ');
        a.text = space == std::string::npos ? "" : l->substr(space + 1);
        return a;
    }
}

}  // namespace turn::turnctl
