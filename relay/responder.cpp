// Building and sending responses (RFC 8489 §6.3): the transaction ID of the
// request, MESSAGE-INTEGRITY(-SHA256) with the request's key once the request
// was authenticated, FINGERPRINT when the request had one or config asks.
#include "relay/relay_core.hpp"

#include "protocol/attributes.hpp"

namespace turn::relay {

using namespace proto;

void RelayCore::reply(const Request& r, MessageClass cls, FunctionRef<void(MessageBuilder&)> add_attributes) {
    if (!arena_.has_room()) end_of_batch();
    MessageBuilder b(arena_.room(), {r.msg.method(), cls}, r.msg.transaction_id());
    add_attributes(b);
    if (!config_.software.empty()) b.add(Software{config_.software});
    if (r.key) {
        if (r.sha256)
            b.add_message_integrity_sha256(r.key->view());
        else
            b.add_message_integrity(r.key->view());
    }
    if (r.fingerprint) b.add_fingerprint();
    auto out = b.finish();
    if (!out) return;  // cannot happen with kMaxResponse room; never send a partial message
    arena_.commit(out->size());
    transport_.send_to_client(r.client, *out);
}

void RelayCore::reply_error(const Request& r, StunError e) {
    reply(r, MessageClass::ErrorResponse, [e](MessageBuilder& b) { b.add(ErrorCode::of(e)); });
}

void RelayCore::reply_unknown_attributes(const Request& r, const UnknownAttributes& unknown) {
    reply(r, MessageClass::ErrorResponse, [&](MessageBuilder& b) {
        b.add(ErrorCode::of(StunError::UnknownAttribute)).add(unknown);
    });
}

}  // namespace turn::relay
