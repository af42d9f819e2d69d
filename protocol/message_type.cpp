#include "protocol/message_type.hpp"

namespace turn::proto {

std::uint16_t encode_message_type(MessageType t) {
    const auto m = static_cast<std::uint16_t>(t.method) & 0x0FFF;
    const auto c = static_cast<std::uint16_t>(t.klass);
    return static_cast<std::uint16_t>((m & 0x000F) | ((m & 0x0070) << 1) | ((m & 0x0F80) << 2) |
                                      ((c & 0x1) << 4) | ((c & 0x2) << 7));
}

MessageType decode_message_type(std::uint16_t wire) {
    const auto m = static_cast<std::uint16_t>((wire & 0x000F) | ((wire & 0x00E0) >> 1) |
                                              ((wire & 0x3E00) >> 2));
    const auto c = static_cast<std::uint8_t>(((wire & 0x0010) >> 4) | ((wire & 0x0100) >> 7));
    return {static_cast<Method>(m), static_cast<MessageClass>(c)};
}

bool is_known_method(Method m) { return method_name(m) != "unknown"; }

std::string_view method_name(Method m) {
    switch (m) {
        case Method::Binding: return "Binding";
        case Method::Allocate: return "Allocate";
        case Method::Refresh: return "Refresh";
        case Method::Send: return "Send";
        case Method::Data: return "Data";
        case Method::CreatePermission: return "CreatePermission";
        case Method::ChannelBind: return "ChannelBind";
        case Method::Connect: return "Connect";
        case Method::ConnectionBind: return "ConnectionBind";
        case Method::ConnectionAttempt: return "ConnectionAttempt";
    }
    return "unknown";
}

std::string_view class_name(MessageClass c) {
    switch (c) {
        case MessageClass::Request: return "request";
        case MessageClass::Indication: return "indication";
        case MessageClass::SuccessResponse: return "success response";
        case MessageClass::ErrorResponse: return "error response";
    }
    return "unknown";
}

}  // namespace turn::proto
