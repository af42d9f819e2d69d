#include "scratch.hpp"

#include <stdlib.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace turn::itest {

std::filesystem::path scratch_dir() {
    const auto dir = std::filesystem::temp_directory_path() / ("turn-itest-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    return dir;
}

std::filesystem::path new_scratch_file(std::string_view stem, std::string_view suffix) {
    std::string name = (scratch_dir() / stem).string() + "-XXXXXX" + std::string(suffix);
    const int fd = ::mkstemps(name.data(), static_cast<int>(suffix.size()));
    if (fd < 0) throw std::runtime_error("mkstemps " + name + " failed");
    ::close(fd);
    return name;
}

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

bool eventually_contains(const std::filesystem::path& p, std::string_view text, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        if (read_file(p).find(text) != std::string::npos) return true;
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

}  // namespace turn::itest
