// A listening Unix-domain stream socket at a path, for the admin interface:
// created with mode 0600, so only the user the server started as (and root)
// may connect, and removed again when the listener goes.
#pragma once

#include <sys/types.h>

#include <string>
#include <utility>

#include "protocol/result.hpp"
#include "server/udp_socket.hpp"

namespace turn::server {

class UnixListener {
public:
    // A stale socket left by a server that died is replaced; a live one (a
    // server answers there) or a file that is not a socket is an error.
    static Result<UnixListener, std::string> open(const std::string& path);
    UnixListener(UnixListener&& o) noexcept
        : path_(std::exchange(o.path_, {})), fd_(std::move(o.fd_)), dev_(o.dev_), ino_(o.ino_) {}
    UnixListener& operator=(UnixListener&&) = delete;
    UnixListener(const UnixListener&) = delete;
    ~UnixListener();  // unlinks the path if it is still this socket

    const std::string& path() const { return path_; }
    // The listening descriptor, handed to whoever accepts on it.
    Fd take_fd() { return std::move(fd_); }

private:
    UnixListener(std::string path, Fd fd, dev_t dev, ino_t ino)
        : path_(std::move(path)), fd_(std::move(fd)), dev_(dev), ino_(ino) {}

    std::string path_;
    Fd fd_;
    dev_t dev_ = 0;
    ino_t ino_ = 0;
};

}  // namespace turn::server
