#include "signaling/web_root.hpp"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

#include "signaling/content_type.hpp"

namespace turn::signaling {
namespace {

// O_NONBLOCK: a FIFO planted in the folder must not block the event loop in
// open(); fstat() then refuses it as not a regular file.
constexpr int kOpenFlags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;

// Where openat2 is missing (Linux before 5.6) or filtered out (some seccomp
// profiles): the canonical path must still lie inside the canonical root.
int open_checked(const std::filesystem::path& root, const std::string& relative) {
    std::error_code ec;
    const auto file = std::filesystem::canonical(root / relative, ec);
    if (ec) return -1;
    const auto [root_end, file_it] = std::mismatch(root.begin(), root.end(), file.begin(), file.end());
    if (root_end != root.end()) return -1;
    return ::open(file.c_str(), kOpenFlags);
}

std::string read_all(int fd, std::size_t size) {
    std::string content(size, '\0');
    std::size_t done = 0;
    while (done < size) {
        const ssize_t n = ::read(fd, content.data() + done, size - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        done += static_cast<std::size_t>(n);
    }
    content.resize(done);
    return content;
}

}  // namespace

Result<WebRoot, std::string> WebRoot::open(const std::filesystem::path& dir) {
    std::error_code ec;
    const auto canonical = std::filesystem::canonical(dir, ec);
    if (ec) return unexpected("web root " + dir.string() + ": " + ec.message());
    server::Fd fd(::open(canonical.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd) return unexpected("web root " + dir.string() + ": " + std::strerror(errno));
    return WebRoot(std::move(fd), canonical);
}

server::Fd WebRoot::open_beneath(const std::string& relative) const {
    open_how how{};
    how.flags = kOpenFlags;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
    const long fd = ::syscall(SYS_openat2, fd_.get(), relative.c_str(), &how, sizeof how);
    if (fd >= 0) return server::Fd(static_cast<int>(fd));
    if (errno != ENOSYS && errno != EPERM) return server::Fd();
    return server::Fd(open_checked(path_, relative));
}

Result<StaticFile, FileError> WebRoot::read(std::string_view relative) const {
    const server::Fd fd = open_beneath(std::string(relative));
    if (!fd) return unexpected(FileError::NotFound);
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return unexpected(FileError::NotFound);
    if (S_ISDIR(st.st_mode)) return unexpected(FileError::IsDirectory);
    if (!S_ISREG(st.st_mode)) return unexpected(FileError::NotFound);
    if (static_cast<std::uint64_t>(st.st_size) > kMaxFileSize) return unexpected(FileError::TooLarge);
    // A regular file read in non-blocking mode still reads (O_NONBLOCK has no
    // effect on regular files).
    return StaticFile{read_all(fd.get(), static_cast<std::size_t>(st.st_size)), content_type_for(relative)};
}

}  // namespace turn::signaling
