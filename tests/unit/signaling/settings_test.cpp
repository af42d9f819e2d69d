// turnsignal's settings from the shared config, and its token bucket.
#include <catch2/catch.hpp>

#include "server/config/load_config.hpp"
#include "tests/unit/signaling/config_text.hpp"
#include "signaling/rate_limiter.hpp"
#include "signaling/settings.hpp"

using namespace turn;
using namespace turn::signaling;
using turn::signaling::test::config_of;

namespace {

std::string refusal(std::string_view text) {
    const auto s = signal_settings(config_of(text), "/web");
    REQUIRE_FALSE(s.ok());
    return s.error();
}

}  // namespace

TEST_CASE("settings: the defaults are HTTP on 127.0.0.1:8080, no HTTPS, rooms of 6") {
    const auto s = signal_settings(config_of(""), "/default/web");
    REQUIRE(s.ok());
    REQUIRE(s->http);
    CHECK(s->http->to_string() == "127.0.0.1:8080");
    CHECK_FALSE(s->https);
    CHECK(s->web_root == "/default/web");
    CHECK(s->hub.rooms.room_size == 6);
    CHECK(s->max_clients == 1000);
    CHECK(s->reader.max_message == 65536);
    CHECK(s->ping_interval == std::chrono::seconds(15));
}

TEST_CASE("settings: signaling options from the shared file") {
    const auto s = signal_settings(config_of("signaling-listening-ip=::1\nsignaling-listening-port=0\n"
                                             "signaling-tls-listening-port=8443\ncert=/c.pem\nCA-file=/ca.pem\n"
                                             "signaling-web-root=/srv/web\nsignaling-room-size=2\n"
                                             "signaling-max-message-size=2048\nsignaling-message-rate=10\n"),
                                   "/default");
    REQUIRE(s.ok());
    CHECK_FALSE(s->http);
    REQUIRE(s->https);
    CHECK(s->https->to_string() == "[::1]:8443");
    REQUIRE(s->tls);
    CHECK(s->tls->pkey == "/c.pem");
    CHECK(s->tls->ca_file.empty());  // browsers are not asked for client certificates
    CHECK(s->web_root == "/srv/web");
    CHECK(s->hub.rooms.room_size == 2);
    CHECK(s->reader.max_message == 2048);
    CHECK(s->hub.json.max_bytes == 2048);
    CHECK(s->message_rate == 10);
    CHECK(s->message_burst == 40);
}

TEST_CASE("settings: nothing to listen on, one port twice, or HTTPS without a certificate stop the start") {
    CHECK(refusal("signaling-listening-port=0\n").find("nothing to serve") != std::string::npos);
    CHECK(refusal("signaling-tls-listening-port=8080\ncert=/c\n").find("both 8080") != std::string::npos);
    CHECK(refusal("signaling-tls-listening-port=8443\n").find("needs cert") != std::string::npos);
}

TEST_CASE("settings: out-of-range limits are config errors") {
    for (std::string_view bad : {"signaling-room-size=0", "signaling-room-size=65", "signaling-max-message-size=100",
                                 "signaling-message-rate=0", "signaling-ping-interval=0", "signaling-listening-ip=nope"}) {
        INFO(bad);
        config::Config c;
        config::Diagnostics d;
        config::load_conf_text(bad, "test", c, d);
        CHECK(config::has_errors(d));
    }
}

TEST_CASE("settings: a config without credentials for browsers is warned about") {
    const auto none = signal_settings(config_of(""), "/web");
    REQUIRE(none.ok());
    CHECK(none->warnings.size() == 1);
    const auto without_flag = signal_settings(config_of("static-auth-secret=s\n"), "/web");
    CHECK(without_flag->warnings.at(0).find("use-auth-secret") != std::string::npos);
    CHECK(signal_settings(config_of("static-auth-secret=s\nuse-auth-secret\n"), "/web")->warnings.empty());
}

TEST_CASE("rate limiter: a burst, then the steady rate") {
    const auto t0 = RateLimiter::Clock::time_point{};
    RateLimiter limiter(10, 3, t0);
    CHECK(limiter.allow(t0));
    CHECK(limiter.allow(t0));
    CHECK(limiter.allow(t0));
    CHECK_FALSE(limiter.allow(t0));
    CHECK(limiter.allow(t0 + std::chrono::milliseconds(100)));
    CHECK_FALSE(limiter.allow(t0 + std::chrono::milliseconds(150)));
    // Idle time refills up to the burst, no further.
    const auto later = t0 + std::chrono::seconds(60);
    for (int i = 0; i < 3; ++i) CHECK(limiter.allow(later));
    CHECK_FALSE(limiter.allow(later));
}
