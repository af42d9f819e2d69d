// libFuzzer target: any bytes through RFC 8489 §9.2's long-term credential
// parsing on both sides: the nonce cookie and the server's nonce format (as
// text), and, for what decodes as STUN, the server's PASSWORD-ALGORITHM(S)
// checks against every offer and the client's reading of a challenge.
// Nothing here may crash, hang or read out of bounds, whatever the input.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "auth/challenge_offer.hpp"
#include "auth/client_challenge.hpp"
#include "auth/nonce.hpp"
#include "auth/nonce_cookie.hpp"
#include "protocol/attributes.hpp"
#include "protocol/message.hpp"

namespace {

using namespace turn;

void nonce_text(const auth::NonceIssuer& issuer, std::string_view text) {
    const auto client = proto::TransportAddress::v4({192, 0, 2, 1}, 3478);
    (void)auth::nonce_cookie_features(text);
    (void)auth::NonceIssuer::offer_of(text);
    (void)issuer.check(text, client, 1'700'000'000);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auth::NonceIssuer issuer({}, 600);
    nonce_text(issuer, std::string_view(reinterpret_cast<const char*>(data), size));
    const auto m = proto::StunMessage::decode(std::span<const std::uint8_t>(data, size));
    if (!m) return 0;
    if (const auto nonce = m->get<proto::Nonce>()) nonce_text(issuer, nonce->value);
    for (const auto offer : {std::optional<auth::AlgorithmOffer>{}, std::optional(auth::AlgorithmOffer::Md5Only),
                             std::optional(auth::AlgorithmOffer::Sha256First),
                             std::optional(auth::AlgorithmOffer::Md5First)})
        (void)auth::negotiate_password_algorithm(*m, offer).ok();
    constexpr std::array supported = {proto::PasswordAlgorithmId::Md5, proto::PasswordAlgorithmId::Sha256};
    (void)auth::read_challenge(*m, supported).ok();
    return 0;
}
