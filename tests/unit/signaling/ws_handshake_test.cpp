// The WebSocket opening handshake, server side (RFC 6455 §4.2).
#include <catch2/catch.hpp>

#include <string>

#include "signaling/ws_handshake.hpp"

using namespace turn::signaling;
namespace http = turn::http;
using namespace turn::signaling::ws;

namespace {

constexpr std::string_view kSampleKey = "dGhlIHNhbXBsZSBub25jZQ==";  // §1.3's example

http::Request upgrade_request(std::string extra = "", std::string method = "GET", std::string version = "1.1") {
    std::string head = method + " /ws HTTP/" + version + "\r\nHost: a\r\n" + extra + "\r\n";
    auto r = http::parse_request(head, {});
    REQUIRE(r.ok());
    return *r;
}

const std::string kGood = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + std::string(kSampleKey) +
                          "\r\nSec-WebSocket-Version: 13\r\n";

UpgradeError refused(const http::Request& r) {
    const auto result = check_upgrade(r);
    REQUIRE_FALSE(result.ok());
    return result.error();
}

}  // namespace

TEST_CASE("WebSocket handshake: section 1.3's key gives its accept value") {
    CHECK(accept_key(kSampleKey) == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST_CASE("WebSocket handshake: a valid upgrade yields the client's key") {
    const auto result = check_upgrade(upgrade_request(kGood));
    REQUIRE(result.ok());
    CHECK(*result == kSampleKey);
    // Token lists and any case, as browsers send them.
    CHECK(check_upgrade(upgrade_request("Upgrade: WebSocket\r\nConnection: keep-alive, Upgrade\r\nSec-WebSocket-Key: " +
                                        std::string(kSampleKey) + "\r\nSec-WebSocket-Version: 13\r\n"))
              .ok());
}

TEST_CASE("WebSocket handshake: a plain GET of the endpoint is 426 Upgrade Required") {
    CHECK(refused(upgrade_request()) == UpgradeError::NoUpgrade);
    CHECK(status_for(UpgradeError::NoUpgrade) == 426);
}

TEST_CASE("WebSocket handshake: missing, repeated or malformed keys are 400") {
    const std::string base = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n";
    CHECK(refused(upgrade_request(base)) == UpgradeError::BadKey);
    CHECK(refused(upgrade_request(base + "Sec-WebSocket-Key: not base64!\r\n")) == UpgradeError::BadKey);
    CHECK(refused(upgrade_request(base + "Sec-WebSocket-Key: c2hvcnQ=\r\n")) == UpgradeError::BadKey);  // 5 bytes
    CHECK(refused(upgrade_request(base + "Sec-WebSocket-Key: " + std::string(kSampleKey) +
                                  "\r\nSec-WebSocket-Key: " + std::string(kSampleKey) + "\r\n")) == UpgradeError::BadKey);
    CHECK(status_for(UpgradeError::BadKey) == 400);
}

TEST_CASE("WebSocket handshake: a version other than 13 is 426 (section 4.4)") {
    const std::string base = "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + std::string(kSampleKey) + "\r\n";
    CHECK(refused(upgrade_request(base)) == UpgradeError::BadVersion);
    CHECK(refused(upgrade_request(base + "Sec-WebSocket-Version: 8\r\n")) == UpgradeError::BadVersion);
    CHECK(status_for(UpgradeError::BadVersion) == 426);
}

TEST_CASE("WebSocket handshake: other methods, HTTP/1.0, no Connection: Upgrade, or a body are refused") {
    CHECK(refused(upgrade_request(kGood, "POST")) == UpgradeError::NotGet);
    CHECK(status_for(UpgradeError::NotGet) == 405);
    CHECK(refused(upgrade_request(kGood, "GET", "1.0")) == UpgradeError::OldHttp);
    CHECK(refused(upgrade_request("Upgrade: websocket\r\nConnection: keep-alive\r\nSec-WebSocket-Key: " +
                                  std::string(kSampleKey) + "\r\nSec-WebSocket-Version: 13\r\n")) ==
          UpgradeError::BadConnection);
    CHECK(refused(upgrade_request(kGood + "Content-Length: 5\r\n")) == UpgradeError::HasBody);
}
