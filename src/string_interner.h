// Maps strings to dense indices 0, 1, 2, ... in first-seen order, for
// customer and order ids. Open addressing over one flat slot array, keys
// packed in one arena: no allocation per key and few cache misses, which is
// where loading spends its time on large files.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>
#include <vector>

namespace retention {

class StringInterner {
 public:
  /// A well-mixed 64-bit hash of `key`.
  static uint64_t Hash(std::string_view key) {
    constexpr uint64_t kMul = 0x9E3779B97F4A7C15ull;
    uint64_t h = key.size() * kMul;
    const char* p = key.data();
    size_t n = key.size();
    while (n >= 8) {
      uint64_t word;
      std::memcpy(&word, p, 8);
      h = (h ^ Mix(word)) * kMul;
      p += 8;
      n -= 8;
    }
    if (n > 0) {
      uint64_t word = 0;
      std::memcpy(&word, p, n);
      h = (h ^ Mix(word)) * kMul;
    }
    return Mix(h);
  }

  /// The index of `key` (with `hash == Hash(key)`), adding it when new.
  uint32_t Intern(std::string_view key, uint64_t hash, bool* inserted) {
    if ((entries_.size() + 1) * 4 > slots_.size() * 3) Grow();
    const uint32_t tag = static_cast<uint32_t>(hash);
    size_t mask = slots_.size() - 1;
    for (size_t i = tag & mask;; i = (i + 1) & mask) {
      uint32_t slot = slots_[i];
      if (slot == 0) {
        uint32_t index = static_cast<uint32_t>(entries_.size());
        slots_[i] = index + 1;
        entries_.push_back(Entry{arena_.size(), static_cast<uint32_t>(key.size()), tag});
        arena_.insert(arena_.end(), key.begin(), key.end());
        *inserted = true;
        return index;
      }
      const Entry& entry = entries_[slot - 1];
      if (entry.tag == tag && this->key(slot - 1) == key) {
        *inserted = false;
        return slot - 1;
      }
    }
  }
  uint32_t Intern(std::string_view key, bool* inserted) { return Intern(key, Hash(key), inserted); }

  /// The index of `key` if present.
  std::optional<uint32_t> Find(std::string_view key, uint64_t hash) const {
    if (slots_.empty()) return std::nullopt;
    const uint32_t tag = static_cast<uint32_t>(hash);
    size_t mask = slots_.size() - 1;
    for (size_t i = tag & mask;; i = (i + 1) & mask) {
      uint32_t slot = slots_[i];
      if (slot == 0) return std::nullopt;
      if (entries_[slot - 1].tag == tag && this->key(slot - 1) == key) return slot - 1;
    }
  }

  // Lookups of keys seen long ago miss the cache three times in a row
  // (slot, entry, key bytes). Callers that know the next keys ask for them
  // in three steps, a few keys apart, so each step finds the previous one
  // cached.
  /// Step 1: the slot of `hash`.
  void PrefetchSlot(uint64_t hash) const {
    if (!slots_.empty())
      __builtin_prefetch(&slots_[static_cast<uint32_t>(hash) & (slots_.size() - 1)]);
  }
  /// Step 2: the entry the slot names.
  void PrefetchEntry(uint64_t hash) const {
    if (slots_.empty()) return;
    uint32_t slot = slots_[static_cast<uint32_t>(hash) & (slots_.size() - 1)];
    if (slot != 0) __builtin_prefetch(&entries_[slot - 1]);
  }
  /// Step 3: the key bytes of that entry.
  void PrefetchKey(uint64_t hash) const {
    if (slots_.empty()) return;
    uint32_t slot = slots_[static_cast<uint32_t>(hash) & (slots_.size() - 1)];
    if (slot != 0) __builtin_prefetch(arena_.data() + entries_[slot - 1].offset);
  }

  /// The key of `index`; valid until the next Intern.
  std::string_view key(uint32_t index) const {
    const Entry& e = entries_[index];
    return std::string_view(arena_.data() + e.offset, e.size);
  }
  /// Number of distinct keys.
  uint32_t size() const { return static_cast<uint32_t>(entries_.size()); }

 private:
  struct Entry {
    uint64_t offset;  // of the key in arena_
    uint32_t size;
    uint32_t tag;  // low half of the hash: tells keys apart, places slots
  };

  static uint64_t Mix(uint64_t x) {
    x ^= x >> 32;
    x *= 0xD6E8FEB86659FD93ull;
    x ^= x >> 32;
    return x;
  }

  void Grow() {
    slots_.assign(slots_.empty() ? 1024 : slots_.size() * 2, 0);
    size_t mask = slots_.size() - 1;
    for (uint32_t index = 0; index < entries_.size(); ++index) {
      size_t i = entries_[index].tag & mask;
      while (slots_[i] != 0) i = (i + 1) & mask;
      slots_[i] = index + 1;
    }
  }

  std::vector<uint32_t> slots_;  // index + 1; 0 = empty
  std::vector<Entry> entries_;
  std::vector<char> arena_;
};

}  // namespace retention
