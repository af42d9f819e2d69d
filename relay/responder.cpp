// Building and sending responses (RFC 8489 §6.3): the transaction ID of the
// request, MESSAGE-INTEGRITY(-SHA256) with the request's key once the request
// was authenticated, FINGERPRINT when the request had one or config asks.
#include "relay/relay_core.hpp"

#include "protocol/attributes.hpp"
#include "relay/indication_tid.hpp"

namespace turn::relay {

using namespace proto;

void RelayCore::reply(const Request& r, MessageClass cls, FunctionRef<void(MessageBuilder&)> add_attributes) {
    reply(r.reply_to(), cls, add_attributes);
}

void RelayCore::reply(const ReplyTo& to, MessageClass cls, FunctionRef<void(MessageBuilder&)> add_attributes) {
    reply(to, cls, add_attributes, ResponseArena::kMaxResponse);
}

void RelayCore::reply(const ReplyTo& to, MessageClass cls, FunctionRef<void(MessageBuilder&)> add_attributes,
                      std::size_t room) {
    if (!arena_.has_room(room)) end_of_batch();
    MessageBuilder b(arena_.room(room), {to.method, cls}, to.tid);
    add_attributes(b);
    if (!config_.software.empty()) b.add(Software{config_.software});
    if (to.key) b.add_integrity(to.integrity, to.key->view());
    if (to.fingerprint) b.add_fingerprint();
    auto out = b.finish();
    if (!out) return;  // cannot happen with kMaxResponse room; never send a partial message
    arena_.commit(out->size());
    transport_.send_to_client(to.client, *out);
}

void RelayCore::reply_error(const Request& r, StunError e) { reply_error(r.reply_to(), e); }

void RelayCore::reply_error(const ReplyTo& to, StunError e) {
    reply(to, MessageClass::ErrorResponse, [e](MessageBuilder& b) { b.add(ErrorCode::of(e)); });
}

void RelayCore::reply_unknown_attributes(const Request& r, const UnknownAttributes& unknown) {
    reply(r, MessageClass::ErrorResponse, [&](MessageBuilder& b) {
        b.add(ErrorCode::of(StunError::UnknownAttribute)).add(unknown);
    });
}

void RelayCore::indicate(const ClientKey& to, Method m, FunctionRef<void(MessageBuilder&)> add_attributes) {
    if (!arena_.has_room()) end_of_batch();
    TransactionId tid;
    next_tid(tid_state_, tid.bytes.data());
    MessageBuilder b(arena_.room(), {m, MessageClass::Indication}, tid);
    add_attributes(b);
    if (!config_.software.empty()) b.add(Software{config_.software});
    if (config_.fingerprint) b.add_fingerprint();
    auto out = b.finish();
    if (!out) return;
    arena_.commit(out->size());
    transport_.send_to_client(to, *out);
}

}  // namespace turn::relay
