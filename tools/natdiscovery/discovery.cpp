#include "tools/natdiscovery/discovery.hpp"

#include "protocol/attributes.hpp"
#include "protocol/message_builder.hpp"

namespace turn::tools {

using namespace proto;

namespace {

constexpr std::size_t kRequestRoom = 256;

template <class A>
std::optional<TransportAddress> address_of(const StunMessage& m) {
    const auto a = m.get<A>();
    if (!a) return std::nullopt;
    return a->address;
}

}  // namespace

std::vector<std::uint8_t> probe_request(const TransactionId& tid, const ProbeRequest& ask) {
    std::vector<std::uint8_t> buf(kRequestRoom + ask.padding);
    const std::vector<std::uint8_t> zeros(ask.padding);
    MessageBuilder b(buf, {Method::Binding, MessageClass::Request}, tid);
    if (ask.change_ip || ask.change_port) b.add(ChangeRequest{ask.change_ip, ask.change_port});
    if (ask.padding > 0) b.add(PaddingAttr{zeros});
    b.add_fingerprint();
    const auto out = b.finish();
    return {out->begin(), out->end()};
}

Result<ProbeAnswer, std::string> read_answer(const StunMessage& response, const TransportAddress& from) {
    if (response.message_class() != MessageClass::SuccessResponse) {
        const auto e = response.get<ErrorCode>();
        return unexpected("error response " + (e ? std::to_string(e->code) + " " + std::string(e->reason) : "without ERROR-CODE"));
    }
    const auto mapped = address_of<XorMappedAddress>(response);
    if (!mapped) return unexpected(std::string("success response without XOR-MAPPED-ADDRESS"));
    ProbeAnswer a{from, *mapped, address_of<ResponseOrigin>(response), address_of<OtherAddress>(response),
                  std::nullopt, response.bytes().size()};
    if (const RawAttribute* p = response.find(AttrType::Padding)) a.padding = p->length;
    return a;
}

std::string describe(const ProbeAnswer& a) {
    std::string text = "response from " + a.from.to_string() + ": mapped " + a.mapped.to_string();
    if (a.origin) text += ", RESPONSE-ORIGIN " + a.origin->to_string();
    if (a.other) text += ", OTHER-ADDRESS " + a.other->to_string();
    if (a.padding) text += ", PADDING " + std::to_string(*a.padding) + " bytes (" + std::to_string(a.size) + " in all)";
    return text;
}

std::string_view behaviour_name(Behaviour b) {
    switch (b) {
        case Behaviour::NoNat: return "endpoint-independent (no NAT)";
        case Behaviour::EndpointIndependent: return "endpoint-independent";
        case Behaviour::AddressDependent: return "address-dependent";
        case Behaviour::AddressAndPortDependent: return "address and port-dependent";
    }
    return "unknown";
}

Behaviour mapping_behaviour(const TransportAddress& local, const TransportAddress& test1, const TransportAddress& test2,
                            const std::optional<TransportAddress>& test3) {
    if (test1 == local) return Behaviour::NoNat;
    if (test2 == test1) return Behaviour::EndpointIndependent;
    return test3 && *test3 == test2 ? Behaviour::AddressDependent : Behaviour::AddressAndPortDependent;
}

Behaviour filtering_behaviour(bool test2_answered, bool test3_answered) {
    if (test2_answered) return Behaviour::EndpointIndependent;
    return test3_answered ? Behaviour::AddressDependent : Behaviour::AddressAndPortDependent;
}

}  // namespace turn::tools
