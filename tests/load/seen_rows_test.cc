// SeenRows and RowHash: the duplicate check of validation.
#include "load/seen_rows.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "load/row_pipeline.h"

using namespace retention;

namespace {

uint64_t Hash(const std::vector<std::string>& fields) {
  RowHash hash;
  for (const std::string& f : fields) hash.Add(f);
  return hash.value();
}

}  // namespace

TEST_CASE("a row hash tells fields apart however their bytes split") {
  CHECK(Hash({"ab", "c"}) != Hash({"a", "bc"}));
  CHECK(Hash({"abcdefgh", ""}) != Hash({"abcdefg", "h"}));
  CHECK(Hash({"", ""}) != Hash({""}));
  CHECK(Hash({"customer.1@example.com", "#1001"}) == Hash({"customer.1@example.com", "#1001"}));
  CHECK(Hash({"customer.1@example.com", "#1001"}) != Hash({"customer.1@example.com", "#1002"}));
}

TEST_CASE("seen rows remember the first row of each hash through growth") {
  SeenRows seen;
  const int n = 200000;  // grows every part several times
  for (int i = 1; i <= n; ++i) {
    REQUIRE(seen.Insert(Hash({std::to_string(i)}), static_cast<uint64_t>(i)) == 0);
  }
  CHECK(seen.size() == static_cast<size_t>(n));
  for (int i : {1, 777, 123456, n}) {
    CHECK(seen.Insert(Hash({std::to_string(i)}), static_cast<uint64_t>(n + i)) ==
          static_cast<uint64_t>(i));
  }
  CHECK(seen.size() == static_cast<size_t>(n));
  // A hash of 0 is a hash like another.
  CHECK(seen.Insert(0, 5) == 0);
  CHECK(seen.Insert(0, 9) == 5);
  // Rows past 2^32 are kept, and their duplicates found, without the
  // first one's place.
  CHECK(seen.Insert(42, uint64_t{1} << 33) == 0);
  const uint64_t first = seen.Insert(42, (uint64_t{1} << 33) + 1);
  CHECK(first == SeenRows::kFarRow);
  CHECK(seen.Where(first).file.empty());
  CHECK(seen.size() == static_cast<size_t>(n) + 2);
}

TEST_CASE("seen rows find a row's file and line from its number") {
  SeenRows seen;
  // a.csv: rows 1-3 on lines 2-4, and row 4 on line 7 (a blank line and a
  // quoted line break before it); b.csv from row 5, on line 2.
  seen.NoteLine(1, "a.csv", 2);
  seen.NoteLine(2, "a.csv", 3);
  seen.NoteLine(3, "a.csv", 4);
  seen.NoteLine(4, "a.csv", 7);
  seen.NoteLine(5, "b.csv", 2);
  seen.NoteLine(6, "b.csv", 3);
  CHECK(seen.Where(0).file.empty());
  CHECK(seen.Where(1).ToString() == "a.csv:2");
  CHECK(seen.Where(3).ToString() == "a.csv:4");
  CHECK(seen.Where(4).ToString() == "a.csv:7");
  CHECK(seen.Where(5).ToString() == "b.csv:2");
  CHECK(seen.Where(6).ToString() == "b.csv:3");
}
