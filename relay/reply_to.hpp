// Where a response goes and how it is signed (RFC 8489 §6.3): enough of a
// request to answer it later or from another thread, as RFC 6062's Connect
// (answered once the peer connection is up) and ConnectionBind (answered on
// the thread its data connection arrived on) are.
#pragma once

#include <optional>

#include "protocol/credentials.hpp"
#include "protocol/message_builder.hpp"
#include "protocol/message_type.hpp"
#include "protocol/stun_header.hpp"
#include "relay/transport.hpp"

namespace turn::relay {

struct ReplyTo {
    ClientKey client;
    proto::Method method = proto::Method::Binding;
    proto::TransactionId tid;
    std::optional<proto::LongTermKey> key;  // set once the request was authenticated
    proto::IntegrityKind integrity = proto::IntegrityKind::Sha1;  // which attributes sign with `key`
    bool fingerprint = false;               // answer with FINGERPRINT
};

}  // namespace turn::relay
