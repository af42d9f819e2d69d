#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include "sources.hpp"

namespace turn::config {
namespace {

// A config file is a few KiB; anything this large is a mistake (or /dev/zero).
constexpr std::size_t kMaxFileBytes = 16 * 1024 * 1024;

std::string errno_text(int error) { return std::generic_category().message(error); }

// Closes the descriptor on every return path.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

Parsed<std::string> read_all(int fd) {
  std::string text;
  char buffer[16 * 1024];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Refusal{errno_text(errno)};
    if (n == 0) return text;
    if (text.size() + static_cast<std::size_t>(n) > kMaxFileBytes) {
      return Refusal{"file larger than " + std::to_string(kMaxFileBytes) + " bytes"};
    }
    text.append(buffer, static_cast<std::size_t>(n));
  }
}

}  // namespace

Parsed<std::string> read_text_file(const std::filesystem::path& path) {
  FileDescriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (file.get() < 0) return Refusal{errno_text(errno)};
  struct stat info {};
  if (::fstat(file.get(), &info) != 0) return Refusal{errno_text(errno)};
  // read() on a directory fails with EISDIR anyway; say so before trying.
  if (S_ISDIR(info.st_mode)) return Refusal{errno_text(EISDIR)};
  return read_all(file.get());
}

}  // namespace turn::config
