// SeenRows and RowHash: the duplicate check of validation.
#include "load/seen_rows.h"

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
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
  SeenRows::Found found;
  const uint32_t n = 200000;  // grows every part several times
  std::vector<SeenRows::Mark> marks;
  for (uint32_t i = 1; i <= n; ++i) marks.push_back({Hash({std::to_string(i)}), i + 1, i});
  seen.Add(0, n, marks, &found);
  CHECK(found.repeats.empty());
  CHECK(found.later.empty());
  CHECK(seen.size() == n);
  // A second batch, keys from n on: its rows 1-4 repeat rows of the first.
  marks.clear();
  uint32_t row = 0;
  for (uint32_t i : {1u, 777u, 123456u, n}) marks.push_back({Hash({std::to_string(i)}), 0, ++row});
  marks.push_back({Hash({"new"}), 0, ++row});
  seen.Add(n, n, marks, &found);
  REQUIRE(found.repeats.size() == 4);
  for (uint32_t r = 1; r <= 4; ++r) CHECK(found.repeats[r - 1].row == r);
  CHECK(found.later.empty());
  CHECK(seen.First(Hash({"777"})) == 776);  // row 777 of the batch from key 0
  CHECK(seen.First(Hash({"new"})) == n + 4);
  CHECK(seen.First(Hash({"never"})) == SeenRows::kFar);
  CHECK(seen.size() == n + 1);
  // A hash of 0 is a hash like another.
  seen.Add(2 * n, 2, {{0, 0, 1}, {0, 0, 2}}, &found);
  REQUIRE(found.repeats.size() == 1);
  CHECK(found.repeats[0].row == 2);
  CHECK(seen.First(0) == 2 * n);
}

TEST_CASE("seen rows keep the earliest row whatever order batches come in") {
  SeenRows seen;
  SeenRows::Found found;
  // Batch B (keys 100-199) is added before batch A (keys 0-99), as a
  // faster worker may: A's row 7 comes first, and finds B's row 5 there.
  seen.Add(100, 100, {{42, 0, 5}, {43, 0, 6}}, &found);
  CHECK(found.repeats.empty());
  seen.Add(200, 100, {{42, 0, 1}}, &found);  // batch C: a repeat all along
  REQUIRE(found.repeats.size() == 1);
  CHECK(found.repeats[0].row == 1);
  seen.Add(0, 100, {{42, 0, 7}, {42, 0, 9}}, &found);
  REQUIRE(found.repeats.size() == 1);  // its own row 9 repeats its row 7
  CHECK(found.repeats[0].row == 9);
  REQUIRE(found.later.size() == 1);  // and B's row 5 repeats it
  CHECK(found.later[0].key == 104);
  CHECK(found.later[0].hash == 42);
  CHECK(seen.First(42) == 6);
  CHECK(seen.First(43) == 105);
}

TEST_CASE("rows without a key of their own are still found as repeats") {
  CHECK(SeenRows::Key(10, 5, 5) == 14);
  CHECK(SeenRows::Key(10, 5, 6) == SeenRows::kFar);  // past the batch's range
  CHECK(SeenRows::Key(SeenRows::kFar - 1, 5, 2) == SeenRows::kFar);
  SeenRows seen;
  SeenRows::Found found;
  seen.Add(SeenRows::kFar - 1, 5, {{7, 0, 2}, {7, 0, 3}, {8, 0, 1}}, &found);
  REQUIRE(found.repeats.size() == 1);
  CHECK(found.repeats[0].row == 3);
  CHECK(seen.First(7) == SeenRows::kFar);  // where it was cannot be said
  CHECK(seen.First(8) == SeenRows::kFar - 1);
  // A row with a key meeting one without is a repeat too: none is lost.
  seen.Add(10, 1, {{7, 0, 1}}, &found);
  REQUIRE(found.repeats.size() == 1);
  CHECK(found.later.empty());
  CHECK(seen.First(7) == SeenRows::kFar);
}

TEST_CASE("seen rows forget the rows of batches that will not be applied") {
  SeenRows seen;
  SeenRows::Found found;
  seen.Add(0, 10, {{1, 0, 1}, {2, 0, 2}}, &found);
  seen.Add(10, 10, {{3, 0, 1}, {1, 0, 2}}, &found);
  seen.Add(20, 10, {{4, 0, 1}}, &found);
  CHECK(seen.size() == 4);
  seen.ForgetFrom(30);  // nothing from there on
  CHECK(seen.size() == 4);
  seen.ForgetFrom(10);
  CHECK(seen.size() == 2);
  CHECK(seen.First(1) == 0);
  CHECK(seen.First(3) == SeenRows::kFar);
  CHECK(seen.First(4) == SeenRows::kFar);
  seen.Add(10, 10, {{4, 0, 1}}, &found);
  CHECK(found.repeats.empty());
}

TEST_CASE("seen rows filled by several threads name every repeat once") {
  // 64 batches of 2,000 rows over 20,000 hashes, added by 4 threads in a
  // shuffled order: the first row of each hash is its smallest key, and
  // every other row is named once, by its own batch or an earlier one.
  constexpr uint32_t kBatches = 64, kRows = 2000;
  std::mt19937_64 random(5);
  std::vector<std::vector<SeenRows::Mark>> batches(kBatches);
  std::map<uint64_t, uint64_t> first;  // hash to key
  for (uint32_t b = 0; b < kBatches; ++b) {
    for (uint32_t r = 1; r <= kRows; ++r) {
      const uint64_t hash = random() % 20000 * 0x9E3779B97F4A7C15ull;
      batches[b].push_back({hash, 0, r});
      first.emplace(hash, uint64_t{b} * kRows + r - 1);
    }
  }
  std::vector<uint32_t> order(kBatches);
  for (uint32_t b = 0; b < kBatches; ++b) order[b] = b;
  std::shuffle(order.begin(), order.end(), random);
  SeenRows seen;
  std::vector<SeenRows::Found> found(kBatches);
  std::atomic<uint32_t> next{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (uint32_t i; (i = next++) < kBatches;) {
        const uint32_t b = order[i];
        seen.Add(uint64_t{b} * kRows, kRows, batches[b], &found[b]);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  CHECK(seen.size() == first.size());
  for (const auto& [hash, key] : first) REQUIRE(seen.First(hash) == key);
  std::set<uint64_t> named;
  for (uint32_t b = 0; b < kBatches; ++b) {
    for (const SeenRows::Mark& m : found[b].repeats) {
      REQUIRE(named.insert(uint64_t{b} * kRows + m.row - 1).second);
    }
    for (const SeenRows::Later& l : found[b].later) {
      REQUIRE(l.key / kRows > b);  // only later rows
      REQUIRE(named.insert(l.key).second);
    }
  }
  CHECK(named.size() == size_t{kBatches} * kRows - first.size());
  for (const auto& [hash, key] : first) CHECK(named.count(key) == 0);
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
