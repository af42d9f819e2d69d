// ChannelData (RFC 8656 §12.4, §12.5).
#include <catch2/catch.hpp>

#include <array>

#include "protocol/channel_data.hpp"
#include "test_bytes.hpp"

using namespace turn::proto;
using namespace turn::proto::test;

TEST_CASE("ChannelData decodes channel and payload, with or without padding") {
    const Bytes unpadded = {0x40, 0x01, 0x00, 0x03, 'a', 'b', 'c'};
    auto d = decode_channel_data(unpadded);
    REQUIRE(d);
    CHECK(d->channel == 0x4001);
    CHECK(Bytes(d->payload.begin(), d->payload.end()) == Bytes{'a', 'b', 'c'});
    Bytes padded = unpadded;
    padded.push_back(0);
    CHECK(decode_channel_data(padded).ok());
    const Bytes empty = {0x4F, 0xFF, 0x00, 0x00};
    CHECK(decode_channel_data(empty)->payload.empty());
}

TEST_CASE("malformed ChannelData is rejected with the matching error") {
    CHECK(decode_channel_data(Bytes{0x40, 0x01, 0x00}).error() == ChannelDataError::TooShort);
    CHECK(decode_channel_data(Bytes{0x00, 0x01, 0x00, 0x00}).error() == ChannelDataError::NotChannelData);
    CHECK(decode_channel_data(Bytes{0x80, 0x01, 0x00, 0x00}).error() == ChannelDataError::NotChannelData);
    CHECK(decode_channel_data(Bytes{0x40, 0x01, 0x00, 0x05, 'a'}).error() == ChannelDataError::LengthOverrun);
    CHECK(decode_channel_data(Bytes{0x40, 0x01, 0x00, 0x01, 'a', 0, 0, 0, 0}).error() ==
          ChannelDataError::TrailingBytes);
}

TEST_CASE("valid channel numbers are RFC 5766's 0x4000 through 0x7FFF, for interoperability") {
    CHECK_FALSE(is_valid_channel_number(0x3FFF));
    CHECK(is_valid_channel_number(0x4000));
    CHECK(is_valid_channel_number(0x4FFF));
    CHECK(is_valid_channel_number(0x75D5));  // what coturn's turnutils_uclient binds
    CHECK(is_valid_channel_number(0x7FFF));
    CHECK_FALSE(is_valid_channel_number(0x8000));
}

TEST_CASE("the header is written in place in front of the payload") {
    std::array<std::uint8_t, 8> buf = {0, 0, 0, 0, 'd', 'a', 't', 'a'};
    write_channel_data_header(std::span<std::uint8_t, 4>(buf.data(), 4), 0x4123, 4);
    auto d = decode_channel_data(buf);
    REQUIRE(d);
    CHECK(d->channel == 0x4123);
    CHECK(d->payload.size() == 4);
    CHECK(d->payload.data() == buf.data() + 4);  // no copy
}
