#include "render.hpp"

#include <algorithm>
#include <array>
#include <functional>

#include "server/admin_protocol.hpp"

namespace turn::turnctl {
namespace {

using server::admin::decode_record;

struct Column {
    const char* title;
    const char* key;
};
constexpr std::array<Column, 9> kColumns = {{{"ID", "id"},
                                             {"USER", "user"},
                                             {"TRANSPORT", "transport"},
                                             {"CLIENT", "client"},
                                             {"RELAYED", "relayed"},
                                             {"AGE", "age"},
                                             {"EXPIRES", "expires_in"},
                                             {"BYTES_IN", "bytes_in"},
                                             {"BYTES_OUT", "bytes_out"}}};

// Control characters from a user name never reach the terminal raw.
std::string printable(std::string_view s) {
    std::string out;
    for (const char c : s) out.push_back(static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? '?' : c);
    return out;
}

// Hands each line that is a record to `show`; the others come back as they
// came, one a line.
std::string each_record(const std::vector<std::string>& lines,
                        const std::function<void(const server::admin::Record&)>& show) {
    std::string raw;
    for (const auto& line : lines) {
        if (const auto r = decode_record(line))
            show(*r);
        else
            raw += line + "\n";
    }
    return raw;
}

}  // namespace

std::string render_table(const std::vector<std::string>& records) {
    std::vector<std::array<std::string, kColumns.size()>> rows(1);
    for (std::size_t c = 0; c < kColumns.size(); ++c) rows[0][c] = kColumns[c].title;
    const std::string raw = each_record(records, [&](const server::admin::Record& r) {
        auto& row = rows.emplace_back();
        for (std::size_t c = 0; c < kColumns.size(); ++c) row[c] = printable(r.get(kColumns[c].key).value_or("-"));
    });
    std::array<std::size_t, kColumns.size()> width{};
    for (const auto& row : rows)
        for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
    std::string out;
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t c = 0; c < row.size(); ++c) {
            line += row[c];
            if (c + 1 < row.size()) line += std::string(width[c] - row[c].size() + 2, ' ');
        }
        out += line + "\n";
    }
    return out + raw;
}

std::string render_detail(const std::vector<std::string>& records) {
    std::string out;
    const std::string raw = each_record(records, [&](const server::admin::Record& r) {
        if (!out.empty()) out += "\n";
        for (const auto& [key, value] : r.fields) out += key + ": " + printable(value) + "\n";
    });
    return out + raw;
}

}  // namespace turn::turnctl
