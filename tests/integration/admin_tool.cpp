#include "admin_tool.hpp"

namespace turn::itest {

ToolRun run_our_turnadmin(const std::vector<std::string>& args) {
    std::vector<std::string> argv{kOurTurnadmin};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_tool(argv, std::chrono::seconds(10));
}

}  // namespace turn::itest
