#include "load/seen_rows.h"

#include <algorithm>

namespace retention {
namespace {

constexpr size_t kFirstSlots = 64;

}  // namespace

uint64_t SeenRows::Insert(uint64_t hash, uint64_t row) {
  if (parts_.empty()) {
    parts_.resize(size_t{1} << kPartBits);
    for (Part& part : parts_) {
      part.slots.assign(kFirstSlots, Slot{0, 0});
      part.shift = 64 - __builtin_ctzll(kFirstSlots);
    }
  }
  if (hash == 0) hash = 1;
  const uint64_t mixed = Mix(hash);
  Part& part = parts_[mixed >> (64 - kPartBits)];
  if (5 * (part.count + 1) > 4 * part.slots.size()) Grow(&part);
  const size_t mask = part.slots.size() - 1;
  for (size_t i = Home(part, mixed);; i = (i + 1) & mask) {
    Slot& slot = part.slots[i];
    if (slot.hash == hash) return slot.row;
    if (slot.hash == 0) {
      slot.hash = hash;
      slot.row = static_cast<uint32_t>(std::min(row, kFarRow));
      ++part.count;
      ++count_;
      return 0;
    }
  }
}

void SeenRows::Grow(Part* part) {
  std::vector<Slot> old(part->slots.size() * 2, Slot{0, 0});
  old.swap(part->slots);
  part->shift = 64 - __builtin_ctzll(part->slots.size());
  const size_t mask = part->slots.size() - 1;
  for (const Slot& s : old) {
    if (s.hash == 0) continue;
    size_t i = Home(*part, Mix(s.hash));
    while (part->slots[i].hash != 0) i = (i + 1) & mask;
    part->slots[i] = s;
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
  if (row == 0 || row >= kFarRow || after == anchors_.begin()) return Location{};
  const Anchor& a = *(after - 1);
  return Location{files_[a.file], static_cast<int64_t>(row) + a.offset, 0};
}

}  // namespace retention
