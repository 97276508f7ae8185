// The rows validation has seen, by hash, for the check for exact
// duplicates. The parse workers fill it, each with the batches it parsed,
// in whatever order they finish; memory follows the distinct rows, about
// 20 bytes each.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/page_memory.h"
#include "retention/error.h"

namespace retention {

/// Row hashes (RowHash), each with the key of the first row it was seen on.
/// Keys order rows as the input does, and a parse worker knows them before
/// rows are counted in input order: each batch is given a range of keys,
/// in input order, as large as the rows it may hold, and its row r (from
/// 1) has the range's r-th key. A worker that meets a hash keeps the
/// smaller key, so once every batch up to a row's has been added, the
/// table says which row came first, whatever the order batches were added
/// in. The table is split in 256 parts by hash, each with its own lock and
/// growing on its own, so workers seldom wait for each other and growing
/// never holds two copies of the table. Reserve() sets the parts side by
/// side in one block of 2 MB pages, sized for the rows expected: probes
/// land anywhere in hundreds of MB, and with 4 KB pages nearly every one
/// would also miss the TLB; nor does a part then grow (and rehash) on the
/// way there.
class SeenRows {
 public:
  /// A row of a batch (counted from 1) and its hash.
  struct Mark {
    uint64_t hash;
    int64_t line;
    uint32_t row;
  };
  /// The key of a row of a later batch, found to repeat a row of this one.
  struct Later {
    uint64_t key;
    uint64_t hash;
  };
  /// What adding a batch found.
  struct Found {
    std::vector<Mark> repeats;  // its rows whose hash an earlier row had, in order
    // Rows of later batches that were in the table before a row of this
    // batch with their hash: they repeat it (or an earlier row).
    std::vector<Later> later;
    void Clear() {
      repeats.clear();
      later.clear();
    }
  };

  /// Keys run out after 2^40 (a trillion rows, or 2 TB of input read in
  /// blocks): rows past that, or past their batch's range, get kFar. Their
  /// duplicates are found, but where the first was cannot be said.
  static constexpr uint64_t kFar = (uint64_t{1} << 40) - 2;  // + 1 fits in 40 bits
  static uint64_t Key(uint64_t first_key, uint64_t keys, uint32_t row) {
    return row == 0 || row > keys || first_key + row - 1 >= kFar ? kFar : first_key + row - 1;
  }

  SeenRows();
  ~SeenRows();

  /// Makes room for about `rows` distinct rows at once (an estimate: more
  /// still fit, as the table grows as before). The first call only; small
  /// counts are ignored. Thread-safe.
  void Reserve(uint64_t rows);

  /// Adds the rows `marks` (in row order) of a batch given `keys` keys
  /// from `first_key`; what they repeat goes to `found` (cleared first).
  /// Thread-safe.
  void Add(uint64_t first_key, uint64_t keys, const std::vector<Mark>& marks, Found* found);
  /// The key of the first row with `hash`, once every batch up to that
  /// row's has been added; kFar when unknown. Thread-safe.
  uint64_t First(uint64_t hash) const;
  /// Forgets every row with a key from `key` on: rows of batches that were
  /// added but will never be applied (a file ended by an error). Not while
  /// Add runs.
  void ForgetFrom(uint64_t key);
  size_t size() const;
  /// The distinct rows the one reservation made room for (Reserve); 0
  /// before one was made.
  uint64_t reserved_rows() const;

  /// Notes that data row `row` (counted from 1 over every file) is line
  /// `line` of `file`, so Where() can find it; cheap when rows follow
  /// lines. From the thread that counts rows in input order.
  void NoteLine(uint64_t row, const std::string& file, int64_t line);
  /// Where data row `row` was (an empty location when not known).
  Location Where(uint64_t row) const;

 private:
  // 12 bytes, so that a probe reads one cache line where two arrays would
  // read two: the low 56 bits of the mixed hash (its top 8 bits pick the
  // part, so they are the same for all of a part) with the key's top 8
  // bits, then the key's low 32 bits. Key + 1 is stored: 0 is empty.
  struct __attribute__((packed)) Slot {
    uint64_t mixed_and_key;
    uint32_t key_low;
  };
  struct alignas(64) Part {  // a cache line apart: each has its own lock
    mutable std::mutex mutex;
    Slot* slots = nullptr;  // size() of them: own's, or in the reserved block
    std::vector<Slot> own;
    bool in_block = false;
    size_t count = 0;
    int size_log2 = -1;    // none yet
    int shift = 0;         // 64 - size_log2
    uint64_t max_key = 0;  // of the slots, for ForgetFrom
    size_t size() const { return size_t{1} << size_log2; }
  };
  static constexpr int kPartBits = 8;
  static constexpr uint64_t kLow56 = (uint64_t{1} << 56) - 1;
  // The multiply spreads every bit into the top, whose first kPartBits
  // pick the part and the next its slot. It is invertible: equal low bits
  // in one part are equal hashes.
  static uint64_t Mix(uint64_t hash) { return hash * 0x9E3779B97F4A7C15ull; }
  static size_t Home(const Part& part, uint64_t mixed) {
    return static_cast<size_t>((mixed << kPartBits) >> part.shift);
  }
  static uint64_t Stored(const Slot& s) {  // key + 1
    return (s.mixed_and_key >> 56) << 32 | s.key_low;
  }
  static void Store(Slot* s, uint64_t mixed, uint64_t key) {
    const uint64_t stored = key + 1;
    s->mixed_and_key = (mixed & kLow56) | (stored >> 32) << 56;
    s->key_low = static_cast<uint32_t>(stored);
  }
  // The slot of `mixed` in `part`, or the empty one where it would go.
  static Slot* Find(Part* part, uint64_t mixed);
  void Grow(Part* part);
  // Moves the rows of `part` (locked) to `to`, zeroed, of 2^size_log2
  // slots (in the reserved block or not), and gives back the block's
  // slots it had; own ones are the caller's to free.
  void Move(Part* part, Slot* to, int size_log2, bool to_block);

  std::unique_ptr<Part[]> parts_;
  mutable std::mutex block_mutex_;  // after a part's, when both are held
  PageArray<Slot> block_;           // Reserve's: part p at p << block_log2_
  int block_log2_ = -1;             // none reserved yet
  size_t block_users_ = 0;          // parts in it (and Reserve, while it runs)
  // Row numbers to places: from `row` on, row r is line r + `offset` of
  // file `file` (a new anchor wherever that stops holding).
  struct Anchor {
    uint64_t row;
    size_t file;
    int64_t offset;
  };
  std::vector<Anchor> anchors_;
  std::vector<std::string> files_;
};

}  // namespace retention
