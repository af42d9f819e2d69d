// How turnctl shows records (server/admin_protocol.hpp): `sessions` as a
// table, one allocation per row; `session` and `status` as "key: value"
// lines. Records that do not decode are shown as they came.
#pragma once

#include <string>
#include <vector>

namespace turn::turnctl {

std::string render_table(const std::vector<std::string>& records);
std::string render_detail(const std::vector<std::string>& records);

}  // namespace turn::turnctl
