// turnadmin: manages users, REST secrets, admins, origins and realm options
// in the SQLite user database, with coturn's flags and coturn's schema.
#include <iostream>
#include <string_view>
#include <vector>

#include "admin_commands.hpp"

int main(int argc, char** argv) {
    std::vector<std::string_view> args(argv + 1, argv + argc);
    return static_cast<int>(turn::admin::turnadmin_main(args, {std::cout, std::cerr}));
}
