// The rows validation has seen, by hash, for the check for exact
// duplicates: memory follows the distinct rows, about 20 bytes each.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "retention/error.h"

namespace retention {

/// Row hashes (RowHash), each with the number of the row it was first
/// seen on. The table is split in 256 parts that grow one at a time, so
/// growing never holds two copies of it, and a part is at most 80% full.
class SeenRows {
 public:
  static constexpr uint64_t kFarRow = UINT32_MAX;

  /// Adds `hash` for data row `row` (counted from 1 over every file);
  /// returns the row it was first added with, 0 when it is new. Rows from
  /// kFarRow on are all remembered as kFarRow: a duplicate of one is found,
  /// but where the first was cannot be said (Where() knows no place).
  uint64_t Insert(uint64_t hash, uint64_t row);
  /// Brings the slot `hash` starts at into cache, ahead of Insert.
  void Prefetch(uint64_t hash) const {
    if (parts_.empty()) return;
    const uint64_t mixed = Mix(hash);
    const Part& part = parts_[mixed >> (64 - kPartBits)];
    __builtin_prefetch(&part.slots[Home(part, mixed)]);
  }
  size_t size() const { return count_; }

  /// Notes that data row `row` is line `line` of `file`, so Where() can
  /// find it; cheap when rows follow lines (call for every row).
  void NoteLine(uint64_t row, const std::string& file, int64_t line);
  /// Where data row `row` was (an empty location when not known).
  Location Where(uint64_t row) const;

 private:
  // 12 bytes, so that a probe reads one cache line where two arrays would
  // read two.
  struct __attribute__((packed)) Slot {
    uint64_t hash;  // 0: empty (a row hashing to 0 is stored as 1)
    uint32_t row;
  };
  struct Part {
    std::vector<Slot> slots;
    size_t count = 0;
    int shift = 0;  // 64 - log2(slots)
  };
  // Many parts, so that a part growing holds a small copy. (Fewer, larger
  // parts in 2 MB pages missed the TLB less but cost more in page faults.)
  static constexpr int kPartBits = 8;
  // The multiply spreads every bit into the top, whose first kPartBits
  // pick the part and the next its slot.
  static uint64_t Mix(uint64_t hash) { return hash * 0x9E3779B97F4A7C15ull; }
  static size_t Home(const Part& part, uint64_t mixed) {
    return static_cast<size_t>((mixed << kPartBits) >> part.shift);
  }
  static void Grow(Part* part);

  std::vector<Part> parts_;  // made by the first Insert: a report has none
  size_t count_ = 0;
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
