#include "server/admin_protocol.hpp"

#include <algorithm>
#include <charconv>
#include <limits>

namespace turn::server::admin {
namespace {

// A drain deadline beyond a week is a typo, not a plan.
constexpr std::uint64_t kMaxDrainSeconds = 7 * 24 * 3600;

std::vector<std::string_view> words(std::string_view line) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
        const std::size_t start = i;
        while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
        if (i > start) out.push_back(line.substr(start, i - start));
    }
    return out;
}

std::optional<std::uint64_t> number(std::string_view text, std::uint64_t max) {
    std::uint64_t v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || v > max) return std::nullopt;
    return v;
}

// Control characters, bytes outside ASCII: nothing a terminal should print raw.
bool printable(std::string_view s) {
    for (const char c : s)
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) return false;
    return true;
}

Result<Command, std::string> with_id(Verb verb, const std::vector<std::string_view>& w) {
    if (w.size() != 2) return unexpected(std::string(w[0]) + " needs one session id");
    const auto id = number(w[1], std::numeric_limits<std::uint64_t>::max());
    if (!id || *id == 0) return unexpected("not a session id: '" + std::string(printable(w[1]) ? w[1] : "?") + "'");
    Command c;
    c.verb = verb;
    c.id = *id;
    return c;
}

Result<Command, std::string> drain(const std::vector<std::string_view>& w) {
    Command c;
    c.verb = Verb::Drain;
    for (std::size_t i = 1; i < w.size(); ++i) {
        if (w[i] == "wait" && !c.wait) {
            c.wait = true;
        } else if (const auto s = number(w[i], kMaxDrainSeconds); s && *s > 0 && !c.deadline) {
            c.deadline = std::chrono::seconds(*s);
        } else {
            return unexpected(std::string("drain takes [<seconds>, 1 to 604800] [wait]"));
        }
    }
    return c;
}

Result<Command, std::string> single(Verb verb, const std::vector<std::string_view>& w) {
    if (w.size() != 1) return unexpected(std::string(w[0]) + " takes no arguments");
    Command c;
    c.verb = verb;
    return c;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

// A record's kind and keys: visible ASCII, no '=' or '%'.
bool is_name(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return c > 0x20 && c < 0x7f && c != '=' && c != '%';
    });
}

void encode_value(std::string& out, std::string_view v) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    for (const char ch : v) {
        const auto c = static_cast<unsigned char>(ch);
        if (c > 0x20 && c < 0x7f && c != '%' && c != '=') {
            out.push_back(ch);
            continue;
        }
        out.push_back('%');
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 0xF]);
    }
}

std::optional<std::string> decode_value(std::string_view v) {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i] != '%') {
            out.push_back(v[i]);
            continue;
        }
        if (i + 2 >= v.size()) return std::nullopt;
        const int hi = hex_value(v[i + 1]);
        const int lo = hex_value(v[i + 2]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
    }
    return out;
}

}  // namespace

Result<std::optional<Command>, std::string> parse_command(std::string_view line) {
    if (line.size() > kMaxLine) return unexpected(std::string("line too long"));
    const auto w = words(line);
    if (w.empty()) return std::optional<Command>{};
    Result<Command, std::string> c = unexpected(std::string());
    if (w[0] == "sessions") c = single(Verb::Sessions, w);
    else if (w[0] == "session") c = with_id(Verb::Session, w);
    else if (w[0] == "cancel") c = with_id(Verb::Cancel, w);
    else if (w[0] == "drain") c = drain(w);
    else if (w[0] == "reload") c = single(Verb::Reload, w);
    else if (w[0] == "status") c = single(Verb::Status, w);
    else if (w[0] == "help") c = single(Verb::Help, w);
    else if (w[0] == "quit") c = single(Verb::Quit, w);
    else if (w[0] == "auth" && w.size() == 2) {
        Command a;
        a.verb = Verb::Auth;
        a.password = std::string(w[1]);
        c = std::move(a);
    } else if (w[0] == "auth") c = unexpected(std::string("auth needs one password"));
    else c = unexpected("unknown command '" + std::string(printable(w[0]) ? w[0] : "?") + "' (try help)");
    if (!c) return unexpected(c.error());
    return std::optional<Command>(std::move(*c));
}

std::string_view help_text() {
    return "commands: sessions | session <id> | cancel <id> | drain [<seconds>] [wait] | reload | status | quit";
}

std::optional<std::string_view> Record::get(std::string_view key) const {
    for (const auto& [k, v] : fields)
        if (k == key) return std::string_view(v);
    return std::nullopt;
}

std::string encode_record(const Record& r) {
    std::string out = r.kind;
    for (const auto& [k, v] : r.fields) {
        out.push_back(' ');
        out.append(k).push_back('=');
        encode_value(out, v);
    }
    return out;
}

Result<Record, std::string> decode_record(std::string_view line) {
    const auto w = words(line);
    if (w.empty()) return unexpected(std::string("empty record"));
    if (!is_name(w[0])) return unexpected(std::string("not a record"));
    Record r;
    r.kind = std::string(w[0]);
    for (std::size_t i = 1; i < w.size(); ++i) {
        const auto eq = w[i].find('=');
        if (eq == std::string_view::npos || !is_name(w[i].substr(0, eq))) return unexpected(std::string("not a key=value field"));
        auto value = decode_value(w[i].substr(eq + 1));
        if (!value) return unexpected("broken escape in field " + std::string(w[i].substr(0, eq)));
        r.fields.emplace_back(std::string(w[i].substr(0, eq)), std::move(*value));
    }
    return r;
}

std::string ok_line(std::string_view text) { return text.empty() ? "ok" : "ok " + std::string(text); }

std::string error_line(std::string_view text) { return "error " + std::string(text); }

bool is_status_line(std::string_view line) {
    return line == "ok" || line.starts_with("ok ") || line.starts_with("error ");
}

}  // namespace turn::server::admin
