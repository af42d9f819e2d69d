// The folder turnsignal serves. Files are opened beneath it with openat2's
// RESOLVE_BENEATH, so neither ".." nor a symbolic link can lead out of it,
// whatever the path says (request_path.hpp already refused such paths; the
// kernel refuses them again). Only regular files are served, and only up to
// a size limit, read whole: the web client is a handful of small files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "protocol/result.hpp"
#include "server/udp_socket.hpp"

namespace turn::signaling {

enum class FileError : std::uint8_t {
    NotFound,     // missing, outside the root, unreadable or not a regular file
    IsDirectory,  // a folder: the client should ask for "name/"
    TooLarge,     // above the size limit
};

struct StaticFile {
    std::string content;
    std::string_view content_type;
};

class WebRoot {
public:
    static constexpr std::size_t kMaxFileSize = 8 * 1024 * 1024;

    // Fails with the reason when `dir` is not a readable folder.
    static Result<WebRoot, std::string> open(const std::filesystem::path& dir);

    // `relative` comes from resolve_request_path().
    Result<StaticFile, FileError> read(std::string_view relative) const;

    const std::filesystem::path& path() const { return path_; }

private:
    WebRoot(server::Fd fd, std::filesystem::path path) : fd_(std::move(fd)), path_(std::move(path)) {}
    server::Fd open_beneath(const std::string& relative) const;

    server::Fd fd_;
    std::filesystem::path path_;
};

}  // namespace turn::signaling
