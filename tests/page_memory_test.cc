// Memory for large arrays: table columns that grow by remapping their
// pages, and the loader's chunked and page arrays.
#include "page_memory.h"

#include <catch2/catch.hpp>
#include <cstdint>

#include "retention/orders.h"

using retention::Column;
using retention::Money;

TEST_CASE("columns grow side by side without losing a value") {
  // Several columns growing in turns, far past 2 MB each: their mappings
  // move, meet and get huge-page advice, as the loader's do.
  Column<uint32_t> small;
  Column<int64_t> wide;
  Column<Money> money;
  constexpr int64_t kCount = 3000000;
  for (int64_t i = 0; i < kCount; ++i) {
    small.push_back(static_cast<uint32_t>(i * 7));
    wide.push_back(i * 1000003);
    money.push_back(Money{-i});
  }
  REQUIRE(small.size() == kCount);
  REQUIRE(wide.size() == kCount);
  REQUIRE(money.size() == kCount);
  int64_t bad = 0;
  for (int64_t i = 0; i < kCount; ++i) {
    bad += small[static_cast<size_t>(i)] != static_cast<uint32_t>(i * 7);
    bad += wide[static_cast<size_t>(i)] != i * 1000003;
    bad += money[static_cast<size_t>(i)].units != -i;
  }
  CHECK(bad == 0);
}

TEST_CASE("columns copy, move and compare like vectors") {
  Column<int64_t> a{1, 2, 3};
  Column<int64_t> b = a;
  CHECK(a == b);
  b.push_back(4);
  CHECK(a != b);
  CHECK(b.size() == 4);
  Column<int64_t> c = std::move(b);
  CHECK(c.size() == 4);
  CHECK(b.empty());  // NOLINT: a moved-from column is empty
  int64_t sum = 0;
  for (int64_t v : c) sum += v;
  CHECK(sum == 10);
  a = c;
  CHECK(a == c);
  Column<int64_t> empty;
  CHECK(empty.begin() == empty.end());
  CHECK(Column<int64_t>() == empty);
}
