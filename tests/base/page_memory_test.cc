// Memory for large arrays: table columns that grow by remapping their
// pages, and the loader's chunked and page arrays.
#include "base/page_memory.h"

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

TEST_CASE("a page array grows in place of a copy, new values zero") {
  // From one page past many 2 MB pages, with another array growing beside
  // it (so that the mapping has to move), as the id interner's arrays do.
  retention::PageArray<uint32_t> grown(1000), other(1000);
  for (size_t i = 0; i < grown.size(); ++i) grown[i] = static_cast<uint32_t>(i + 1);
  size_t filled = grown.size();
  for (size_t size : {size_t{5000}, size_t{600000}, size_t{3000000}, size_t{9000000}}) {
    grown.Grow(size);
    other.Grow(size);
    REQUIRE(grown.size() == size);
    int64_t bad = 0;
    for (size_t i = 0; i < size; ++i) {
      bad += grown[i] != (i < filled ? static_cast<uint32_t>(i + 1) : 0u);
    }
    CHECK(bad == 0);
    for (size_t i = filled; i < size; i += 3) grown[i] = static_cast<uint32_t>(i + 1);
    for (size_t i = filled + 1; i < size; i += 3) grown[i] = static_cast<uint32_t>(i + 1);
    for (size_t i = filled + 2; i < size; i += 3) grown[i] = static_cast<uint32_t>(i + 1);
    filled = size;
  }
  grown.Grow(10);  // never shrinks
  CHECK(grown.size() == 9000000);
}
