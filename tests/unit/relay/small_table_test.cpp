// SmallTable: inline first, heap beyond, bounded, and the heap part released
// when entries go away.
#include <catch2/catch.hpp>

#include "relay/small_table.hpp"

using turn::relay::SmallTable;

TEST_CASE("entries beyond the inline ones go to the heap, up to the bound") {
    SmallTable<int, 2, 5> t;
    for (int i = 0; i < 5; ++i) REQUIRE(t.push_back(i));
    CHECK_FALSE(t.push_back(99));
    CHECK(t.size() == 5);
    for (int i = 0; i < 5; ++i) CHECK(t.find_if([i](int v) { return v == i; }) != nullptr);
    CHECK(t.find_if([](int v) { return v == 99; }) == nullptr);
}

TEST_CASE("retain_if keeps order, refills the inline slots first and frees room") {
    SmallTable<int, 2, 5> t;
    for (int i = 0; i < 5; ++i) REQUIRE(t.push_back(i));
    t.retain_if([](int v) { return v % 2 == 0; });
    std::vector<int> seen;
    t.for_each([&](int v) { seen.push_back(v); });
    CHECK(seen == std::vector<int>{0, 2, 4});
    CHECK(t.push_back(7));
    CHECK(t.push_back(8));
    CHECK_FALSE(t.push_back(9));
}
