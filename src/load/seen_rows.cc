#include "load/seen_rows.h"

#include <algorithm>

namespace retention {
namespace {

constexpr int kFirstSlotsLog2 = 6;

}  // namespace

SeenRows::SeenRows() : parts_(new Part[size_t{1} << kPartBits]) {}
SeenRows::~SeenRows() = default;

void SeenRows::Reserve(uint64_t rows) {
  // As many slots per part as growing would reach for that many rows.
  const uint64_t per_part = rows >> kPartBits;
  int size_log2 = kFirstSlotsLog2;
  while (size_log2 < 40 && 5 * per_part > 4 * (uint64_t{1} << size_log2)) ++size_log2;
  // Under 3 MB in all there is little to gain; past 2^40 slots the count
  // cannot be right.
  if (size_log2 < 10 || size_log2 >= 40) return;
  try {
    std::lock_guard<std::mutex> lock(block_mutex_);
    if (block_log2_ >= 0) return;
    block_ = PageArray<Slot>(size_t{1} << (size_log2 + kPartBits));
    block_log2_ = size_log2;
    block_users_ = 1;  // this call, until every part is in
  } catch (const std::bad_alloc&) {
    return;  // the parts grow as they would have
  }
  for (size_t p = 0; p < (size_t{1} << kPartBits); ++p) {
    Part& part = parts_[p];
    std::lock_guard<std::mutex> lock(part.mutex);
    if (part.size_log2 >= size_log2) continue;
    const std::vector<Slot> old = std::move(part.own);
    Move(&part, &block_[p << size_log2], size_log2, true);
  }
  std::lock_guard<std::mutex> lock(block_mutex_);
  if (--block_users_ == 0) block_ = PageArray<Slot>();
}

SeenRows::Slot* SeenRows::Find(Part* part, uint64_t mixed) {
  const size_t mask = part->size() - 1;
  for (size_t i = Home(*part, mixed);; i = (i + 1) & mask) {
    Slot& slot = part->slots[i];
    if (Stored(slot) == 0 || ((slot.mixed_and_key ^ mixed) & kLow56) == 0) return &slot;
  }
}

void SeenRows::Add(uint64_t first_key, uint64_t keys, const std::vector<Mark>& marks,
                   Found* found) {
  found->Clear();
  if (marks.empty()) return;
  // Grouped by part, in row order within each (a stable counting sort), so
  // a part is locked once per batch and a batch's own repeats are found
  // in order.
  constexpr size_t kParts = size_t{1} << kPartBits;
  thread_local std::vector<uint32_t> order;
  uint32_t starts[kParts + 1] = {};
  for (const Mark& m : marks) ++starts[(Mix(m.hash) >> (64 - kPartBits)) + 1];
  for (size_t p = 0; p < kParts; ++p) starts[p + 1] += starts[p];
  order.resize(marks.size());
  uint32_t next[kParts];
  std::copy(starts, starts + kParts, next);
  for (uint32_t i = 0; i < marks.size(); ++i) {
    order[next[Mix(marks[i].hash) >> (64 - kPartBits)]++] = i;
  }
  for (size_t p = 0; p < kParts; ++p) {
    if (starts[p] == starts[p + 1]) continue;
    Part& part = parts_[p];
    std::lock_guard<std::mutex> lock(part.mutex);
    if (part.slots == nullptr) {
      part.own.assign(size_t{1} << kFirstSlotsLog2, Slot{0, 0});
      part.slots = part.own.data();
      part.size_log2 = kFirstSlotsLog2;
      part.shift = 64 - kFirstSlotsLog2;
    }
    for (uint32_t j = starts[p]; j < starts[p + 1]; ++j) {
      constexpr uint32_t kAhead = 8;  // rows: enough to overlap the cache misses
      if (j + kAhead < starts[p + 1]) {
        __builtin_prefetch(&part.slots[Home(part, Mix(marks[order[j + kAhead]].hash))]);
      }
      if (5 * (part.count + 1) > 4 * part.size()) Grow(&part);
      const Mark& mark = marks[order[j]];
      const uint64_t mixed = Mix(mark.hash);
      const uint64_t key = Key(first_key, keys, mark.row);
      Slot* slot = Find(&part, mixed);
      const uint64_t stored = Stored(*slot);
      if (stored == 0) {
        Store(slot, mixed, key);
        ++part.count;
        part.max_key = std::max(part.max_key, key);
      } else if (stored - 1 < key || key == kFar || stored - 1 == kFar) {
        // (Against a row without a key of its own, which one came first
        // cannot be said: this one is counted as the repeat.)
        found->repeats.push_back(mark);
      } else {
        // A later row got here first (another worker's): this row is the
        // first so far, and that one repeats it.
        found->later.push_back({stored - 1, mark.hash});
        Store(slot, mixed, key);
      }
    }
  }
  // Row order, as the in-order thread replays them.
  std::sort(found->repeats.begin(), found->repeats.end(),
            [](const Mark& a, const Mark& b) { return a.row < b.row; });
}

uint64_t SeenRows::First(uint64_t hash) const {
  const uint64_t mixed = Mix(hash);
  Part& part = parts_[mixed >> (64 - kPartBits)];
  std::lock_guard<std::mutex> lock(part.mutex);
  if (part.slots == nullptr) return kFar;
  const uint64_t stored = Stored(*Find(&part, mixed));
  return stored == 0 ? kFar : stored - 1;
}

void SeenRows::ForgetFrom(uint64_t key) {
  for (size_t p = 0; p < (size_t{1} << kPartBits); ++p) {
    Part& part = parts_[p];
    std::lock_guard<std::mutex> lock(part.mutex);
    // (Most often nothing was parsed past the error: no part is rebuilt.)
    if (part.count == 0 || part.max_key < key) continue;
    part.max_key = 0;
    std::vector<Slot> old(part.slots, part.slots + part.size());
    std::fill(part.slots, part.slots + part.size(), Slot{0, 0});
    part.count = 0;
    const size_t mask = part.size() - 1;
    for (const Slot& s : old) {
      if (Stored(s) == 0 || Stored(s) - 1 >= key) continue;
      size_t i = Home(part, s.mixed_and_key);
      while (Stored(part.slots[i]) != 0) i = (i + 1) & mask;
      part.slots[i] = s;
      ++part.count;
      part.max_key = std::max(part.max_key, Stored(s) - 1);
    }
  }
}

uint64_t SeenRows::reserved_rows() const {
  std::lock_guard<std::mutex> lock(block_mutex_);
  // Parts grow past 4/5 full (Add).
  return block_log2_ < 0 ? 0 : (uint64_t{4} << (block_log2_ + kPartBits)) / 5;
}

size_t SeenRows::size() const {
  size_t count = 0;
  for (size_t p = 0; p < (size_t{1} << kPartBits); ++p) {
    std::lock_guard<std::mutex> lock(parts_[p].mutex);
    count += parts_[p].count;
  }
  return count;
}

void SeenRows::Grow(Part* part) {
  std::vector<Slot> bigger(part->size() * 2, Slot{0, 0});
  const std::vector<Slot> old = std::move(part->own);  // freed once moved from
  Move(part, bigger.data(), part->size_log2 + 1, false);
  part->own = std::move(bigger);
}

void SeenRows::Move(Part* part, Slot* to, int size_log2, bool to_block) {
  Slot* const from = part->slots;
  const size_t from_size = from == nullptr ? 0 : part->size();
  const bool from_block = part->in_block;
  if (to_block) {
    std::lock_guard<std::mutex> lock(block_mutex_);
    ++block_users_;
  }
  part->slots = to;
  part->size_log2 = size_log2;
  part->shift = 64 - size_log2;
  part->in_block = to_block;
  const size_t mask = part->size() - 1;
  for (size_t k = 0; k < from_size; ++k) {
    const Slot& s = from[k];
    if (Stored(s) == 0) continue;
    // Home() reads only the low 56 bits, which the slot keeps.
    size_t i = Home(*part, s.mixed_and_key);
    while (Stored(to[i]) != 0) i = (i + 1) & mask;
    to[i] = s;
  }
  if (!from_block) return;
  std::lock_guard<std::mutex> lock(block_mutex_);
  if (--block_users_ == 0) {
    block_ = PageArray<Slot>();
  } else {
    GiveBackPages(from, from_size * sizeof(Slot));
  }
}

void SeenRows::NoteLine(uint64_t row, const std::string& file, int64_t line) {
  const int64_t offset = line - static_cast<int64_t>(row);
  if (!anchors_.empty() && anchors_.back().offset == offset &&
      files_[anchors_.back().file] == file) {
    return;
  }
  if (files_.empty() || files_.back() != file) files_.push_back(file);
  anchors_.push_back({row, files_.size() - 1, offset});
}

Location SeenRows::Where(uint64_t row) const {
  auto after = std::upper_bound(anchors_.begin(), anchors_.end(), row,
                                [](uint64_t r, const Anchor& a) { return r < a.row; });
  if (row == 0 || after == anchors_.begin()) return Location{};
  const Anchor& a = *(after - 1);
  return Location{files_[a.file], static_cast<int64_t>(row) + a.offset, 0};
}

}  // namespace retention
