// turnctl's side of the admin interface: one connection, one request line at
// a time, the answer read up to its status line (server/admin_protocol.hpp).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/result.hpp"

namespace turn::turnctl {

struct Answer {
    std::vector<std::string> records;  // the lines before the status line
    bool ok = false;
    std::string text;  // the status line after "ok " or "error "
};

class AdminClient {
public:
    static Result<AdminClient, std::string> connect_unix(const std::string& path);
    static Result<AdminClient, std::string> connect_tcp(std::uint16_t port);  // 127.0.0.1
    AdminClient(AdminClient&& o) noexcept;
    AdminClient& operator=(AdminClient&&) = delete;
    AdminClient(const AdminClient&) = delete;
    ~AdminClient();

    // nullopt timeout: wait as long as the server takes (drain --wait).
    Result<Answer, std::string> ask(std::string_view line, std::optional<std::chrono::seconds> timeout);

private:
    explicit AdminClient(int fd) : fd_(fd) {}
    Result<std::string, std::string> read_line(std::optional<std::chrono::seconds> timeout);

    int fd_ = -1;
    std::string buffer_;
};

}  // namespace turn::turnctl
