// RFC 8489 §5: method and class interleave in the 14-bit message type.
#include <catch2/catch.hpp>

#include "protocol/message_type.hpp"

using namespace turn::proto;

TEST_CASE("well-known message types have their RFC values") {
    struct Case {
        MessageType type;
        std::uint16_t wire;
    };
    const Case cases[] = {
        {{Method::Binding, MessageClass::Request}, 0x0001},
        {{Method::Binding, MessageClass::SuccessResponse}, 0x0101},
        {{Method::Binding, MessageClass::ErrorResponse}, 0x0111},
        {{Method::Allocate, MessageClass::Request}, 0x0003},
        {{Method::Allocate, MessageClass::ErrorResponse}, 0x0113},
        {{Method::Refresh, MessageClass::Request}, 0x0004},
        {{Method::Send, MessageClass::Indication}, 0x0016},
        {{Method::Data, MessageClass::Indication}, 0x0017},
        {{Method::CreatePermission, MessageClass::SuccessResponse}, 0x0108},
        {{Method::ChannelBind, MessageClass::Request}, 0x0009},
        {{Method::Connect, MessageClass::Request}, 0x000A},
        {{Method::ConnectionBind, MessageClass::Request}, 0x000B},
        {{Method::ConnectionAttempt, MessageClass::Indication}, 0x001C},
    };
    for (const auto& c : cases) {
        INFO(method_name(c.type.method) << " " << class_name(c.type.klass));
        CHECK(encode_message_type(c.type) == c.wire);
        CHECK(decode_message_type(c.wire) == c.type);
    }
}

TEST_CASE("every 12-bit method and 2-bit class round-trips through the 14-bit type") {
    for (std::uint16_t m = 0; m < 0x1000; ++m)
        for (std::uint8_t c = 0; c < 4; ++c) {
            const MessageType t{static_cast<Method>(m), static_cast<MessageClass>(c)};
            const auto wire = encode_message_type(t);
            REQUIRE((wire & 0xC000) == 0);
            REQUIRE(decode_message_type(wire) == t);
        }
}

TEST_CASE("unknown methods are recognisable") {
    CHECK(is_known_method(Method::Allocate));
    CHECK_FALSE(is_known_method(static_cast<Method>(0x002)));  // RFC 3489 SharedSecret
    CHECK(method_name(static_cast<Method>(0x0FFF)) == "unknown");
}
