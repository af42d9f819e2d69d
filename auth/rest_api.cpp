#include "auth/rest_api.hpp"

#include <charconv>

#include "auth/base64.hpp"
#include "auth/bytes.hpp"
#include "protocol/digest.hpp"

namespace turn::auth {
namespace {

bool all_digits(std::string_view s) {
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

}  // namespace

std::string_view rest_error_name(RestError e) {
    switch (e) {
        case RestError::Empty: return "empty username";
        case RestError::NotNumeric: return "expiry is not a decimal number";
        case RestError::Overflow: return "expiry is too large";
        case RestError::Negative: return "expiry is negative";
    }
    return "invalid REST username";
}

Result<RestUsername, RestError> parse_rest_username(std::string_view username, char separator) {
    if (username.empty()) return unexpected(RestError::Empty);
    const auto sep = username.find(separator);
    const std::string_view expiry_text = username.substr(0, sep);
    RestUsername out;
    if (sep != std::string_view::npos) out.user = username.substr(sep + 1);

    // Only plain digits: from_chars alone would also take a leading '-'.
    if (expiry_text.size() > 1 && expiry_text[0] == '-' && all_digits(expiry_text.substr(1)))
        return unexpected(RestError::Negative);
    if (expiry_text.empty() || !all_digits(expiry_text)) return unexpected(RestError::NotNumeric);
    const auto [end, ec] = std::from_chars(expiry_text.data(), expiry_text.data() + expiry_text.size(), out.expiry);
    if (ec == std::errc::result_out_of_range) return unexpected(RestError::Overflow);
    if (ec != std::errc{} || end != expiry_text.data() + expiry_text.size()) return unexpected(RestError::NotNumeric);
    return out;
}

std::string rest_password(std::string_view secret, std::string_view username) {
    const proto::Digest mac = proto::hmac(proto::HashAlgorithm::Sha1, bytes_of(secret), {bytes_of(username)});
    return base64_encode(mac.view());
}

std::string make_rest_username(std::int64_t expiry, std::string_view user, char separator) {
    std::string s = std::to_string(expiry);
    if (!user.empty()) {
        s += separator;
        s += user;
    }
    return s;
}

}  // namespace turn::auth
