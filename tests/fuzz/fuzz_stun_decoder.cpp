// libFuzzer target: any bytes through the STUN decoder, then every typed
// attribute getter, integrity checks and a re-encode of what decoded. The
// decoder must never read out of bounds or crash, whatever the input.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "protocol/attributes.hpp"
#include "protocol/channel_data.hpp"
#include "protocol/integrity.hpp"
#include "protocol/message.hpp"
#include "protocol/message_builder.hpp"

namespace {

using namespace turn::proto;

template <class... A>
void touch_all(const StunMessage& m) {
    ((void)m.get<A>().ok(), ...);
}

void exercise(const StunMessage& m) {
    touch_all<MappedAddress, XorMappedAddress, XorPeerAddress, XorRelayedAddress, AlternateServer,
              ResponseOrigin, OtherAddress, SourceAddress, ChangedAddress, Username, Realm, Nonce, Software,
              AlternateDomain, Origin, DataAttr, ReservationToken, Userhash, MessageIntegrity,
              MessageIntegritySha256, PaddingAttr, AccessToken, ThirdPartyAuthorization, MobilityTicket,
              Lifetime, ConnectionId, Fingerprint, ChannelNumber, RequestedTransport, RequestedAddressFamily,
              AdditionalAddressFamily, EvenPort, DontFragment, ResponsePort, ChangeRequest, Icmp, ErrorCode,
              AddressErrorCode, UnknownAttributes, PasswordAlgorithm, PasswordAlgorithms>(m);
    m.for_each<XorPeerAddress>([](const auto&) {});
    (void)m.unknown_comprehension_required();
    const std::uint8_t key[16] = {1, 2, 3};
    (void)verify_integrity(m, key);

    // Re-encode every attribute raw: the builder must accept whatever decoded.
    std::array<std::uint8_t, kMaxMessageSize> out;
    MessageBuilder b(out, m.type(), m.transaction_id());
    for (const auto& a : m.attributes()) b.add_raw(a.type, m.value_of(a));
    b.add_message_integrity(key).add_fingerprint();
    if (auto bytes = b.finish()) (void)StunMessage::decode(*bytes);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::uint8_t> in(data, size);
    if (auto m = StunMessage::decode(in)) exercise(*m);
    (void)decode_channel_data(in);
    return 0;
}
