// SeenRows and RowHash: the duplicate check of validation.
#include "load/seen_rows.h"

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <functional>
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

// `count` batches of `rows` rows, each a hash drawn from `hashes`; in
// `first`, each hash's first key (batch b's row r has key b * rows + r - 1).
std::vector<std::vector<SeenRows::Mark>> Batches(uint32_t count, uint32_t rows, uint64_t hashes,
                                                 std::mt19937_64* random,
                                                 std::map<uint64_t, uint64_t>* first) {
  std::vector<std::vector<SeenRows::Mark>> batches(count);
  for (uint32_t b = 0; b < count; ++b) {
    for (uint32_t r = 1; r <= rows; ++r) {
      const uint64_t hash = (*random)() % hashes * 0x9E3779B97F4A7C15ull;
      batches[b].push_back({hash, 0, r});
      first->emplace(hash, uint64_t{b} * rows + r - 1);
    }
  }
  return batches;
}

// Adds `batches` to `seen` on four threads, batch order[i] i-th (all in
// order when `order` is empty), with `beside` run on a fifth thread given
// how many batches were taken so far; each batch's findings in `found`.
void AddOnThreads(SeenRows* seen, const std::vector<std::vector<SeenRows::Mark>>& batches,
                  uint32_t rows, const std::vector<uint32_t>& order,
                  std::vector<SeenRows::Found>* found,
                  const std::function<void(const std::atomic<uint32_t>&)>& beside = nullptr) {
  const auto count = static_cast<uint32_t>(batches.size());
  found->assign(count, {});
  std::atomic<uint32_t> next{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (uint32_t i; (i = next++) < count;) {
        const uint32_t b = order.empty() ? i : order[i];
        seen->Add(uint64_t{b} * rows, rows, batches[b], &(*found)[b]);
      }
    });
  }
  if (beside) threads.emplace_back([&] { beside(next); });
  for (std::thread& t : threads) t.join();
}

// Every row past the first of its hash is named once, by its own batch or
// (as a later row) by an earlier one; the first rows never.
void CheckNamedOnce(const std::vector<SeenRows::Found>& found, uint32_t rows,
                    const std::map<uint64_t, uint64_t>& first) {
  std::set<uint64_t> named;
  for (uint32_t b = 0; b < found.size(); ++b) {
    for (const SeenRows::Mark& m : found[b].repeats) {
      REQUIRE(named.insert(uint64_t{b} * rows + m.row - 1).second);
    }
    for (const SeenRows::Later& l : found[b].later) {
      REQUIRE(l.key / rows > b);  // only later rows
      REQUIRE(named.insert(l.key).second);
    }
  }
  CHECK(named.size() == found.size() * rows - first.size());
  for (const auto& [hash, key] : first) CHECK(named.count(key) == 0);
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
  std::map<uint64_t, uint64_t> first;  // hash to key
  const auto batches = Batches(kBatches, kRows, 20000, &random, &first);
  std::vector<uint32_t> order(kBatches);
  for (uint32_t b = 0; b < kBatches; ++b) order[b] = b;
  std::shuffle(order.begin(), order.end(), random);
  SeenRows seen;
  std::vector<SeenRows::Found> found;
  AddOnThreads(&seen, batches, kRows, order, &found);
  CHECK(seen.size() == first.size());
  for (const auto& [hash, key] : first) REQUIRE(seen.First(hash) == key);
  CheckNamedOnce(found, kRows, first);
}

namespace {

// 80 batches of 5,000 rows over 600,000 hashes (about 290,000 distinct),
// added in order to `seen`, with `between(b)` called before batch b: what
// every batch found, then where each hash was first seen.
std::vector<uint64_t> Replay(SeenRows* seen, const std::function<void(uint32_t)>& between) {
  constexpr uint32_t kBatches = 80, kRows = 5000;
  std::mt19937_64 random(11);
  std::vector<uint64_t> out;
  std::set<uint64_t> hashes;
  for (uint32_t b = 0; b < kBatches; ++b) {
    std::vector<SeenRows::Mark> marks;
    for (uint32_t r = 1; r <= kRows; ++r) {
      const uint64_t hash = random() % 600000 * 0x9E3779B97F4A7C15ull;
      marks.push_back({hash, 0, r});
      hashes.insert(hash);
    }
    between(b);
    SeenRows::Found found;
    seen->Add(uint64_t{b} * kRows, kRows, marks, &found);
    out.push_back(found.repeats.size());
    for (const SeenRows::Mark& m : found.repeats) out.push_back(m.row);
  }
  out.push_back(seen->size());
  for (uint64_t hash : hashes) out.push_back(seen->First(hash));
  return out;
}

}  // namespace

TEST_CASE("a table with room reserved finds what a growing one finds") {
  SeenRows growing;
  const std::vector<uint64_t> want = Replay(&growing, [](uint32_t) {});
  REQUIRE(want.size() > 290000);
  struct Case {
    const char* what;
    uint32_t at;    // before batch
    uint64_t rows;  // reserved
  };
  // (Room for 120,000 rows is 1,024 slots a part, full at 819 rows: with
  // 290,000 rows the parts grow out of it.)
  for (const Case& c : {Case{"before any row", 0, 300000}, Case{"half way", 40, 300000},
                        Case{"too little: the parts grow out of it", 0, 120000},
                        Case{"too much", 5, 2000000}, Case{"too few to bother", 0, 100}}) {
    INFO(c.what);
    SeenRows seen;
    CHECK(Replay(&seen, [&](uint32_t b) {
            if (b != c.at) return;
            seen.Reserve(c.rows);
            seen.Reserve(10 * c.rows);  // only the first call counts
          }) == want);
  }
  // Forgetting, in a reserved table, as in a growing one.
  SeenRows reserved;
  reserved.Reserve(300000);
  Replay(&reserved, [](uint32_t) {});
  growing.ForgetFrom(200000);
  reserved.ForgetFrom(200000);
  CHECK(reserved.size() == growing.size());
  for (uint64_t h = 0; h < 600000; h += 7) {
    const uint64_t hash = h * 0x9E3779B97F4A7C15ull;
    REQUIRE(reserved.First(hash) == growing.First(hash));
  }
}

TEST_CASE("room reserved while other threads add rows loses none") {
  // Four threads add batches while a fifth reserves room: every row is
  // where it was before and named as a repeat once, as without it.
  constexpr uint32_t kBatches = 64, kRows = 5000;
  std::mt19937_64 random(6);
  std::map<uint64_t, uint64_t> first;  // hash to key
  const auto batches = Batches(kBatches, kRows, 500000, &random, &first);
  REQUIRE(first.size() > 230000);
  SeenRows seen;
  std::vector<SeenRows::Found> found;
  AddOnThreads(&seen, batches, kRows, {}, &found, [&](const std::atomic<uint32_t>& taken) {
    while (taken < kBatches / 4) std::this_thread::yield();
    seen.Reserve(120000);  // too little: parts grow out of it as others add
  });
  CHECK(seen.size() == first.size());
  for (const auto& [hash, key] : first) REQUIRE(seen.First(hash) == key);
  CheckNamedOnce(found, kRows, first);
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

namespace {

// An input of `size` bytes that is never read: what RowAggregator
// estimates rows from.
class SizedSource : public ByteSource {
 public:
  SizedSource(uint64_t size) : ByteSource("a.csv"), size_(size) {}
  size_t Read(char*, size_t) override { return 0; }
  Progress progress() const override { return {0, size_}; }

 private:
  uint64_t size_;
};

// The rows SeenRows made room for when validating files of `sizes` bytes,
// each read in batches of 10,000 rows of 10 bytes, all distinct.
uint64_t ReservedFor(const std::vector<uint64_t>& sizes) {
  Problems problems;
  RowAggregator aggregator(&problems);
  uint64_t hash = 0;
  for (size_t f = 0; f < sizes.size(); ++f) {
    SizedSource source(sizes[f]);
    uint64_t later = 0;
    for (size_t g = f + 1; g < sizes.size(); ++g) later += sizes[g];
    aggregator.ExpectLaterFiles(later);  // as LoadOrdersChecked does
    aggregator.WatchProgress(nullptr, &source, static_cast<int>(f + 1),
                             static_cast<int>(sizes.size()));
    for (int b = 0; b < 3; ++b) {
      Batch batch;
      aggregator.GiveKeys(&batch, 10000);
      batch.bytes = 100000;
      batch.recorded.rows = 10000;
      for (uint32_t r = 1; r <= 10000; ++r) {
        batch.recorded.marks.push_back({++hash * 0x9E3779B97F4A7C15ull, r + 1, r});
      }
      aggregator.Prepare(&batch);
    }
  }
  return aggregator.seen_rows().reserved_rows();
}

}  // namespace

TEST_CASE("validating several files makes room for every file's rows at the first") {
  // 10 MB then 100 MB: room for about 11.5 million rows (of 10 bytes), not
  // for the first file's million; the same as for the files the other way
  // round, or as one file.
  const uint64_t smaller_first = ReservedFor({10 << 20, 100 << 20});
  CHECK(smaller_first >= 9 * (110 << 20) / 100);
  CHECK(smaller_first == ReservedFor({100 << 20, 10 << 20}));
  CHECK(smaller_first == ReservedFor({110 << 20}));
}
