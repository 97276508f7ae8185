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
    if ((count_ + 1) * 4 > slots_.size() * 3) Grow();
    // The slot keeps the low half of the hash: it picks the slot, tells
    // most keys apart without touching the arena, and lets Grow() move
    // slots without reading keys.
    const uint32_t tag = static_cast<uint32_t>(hash);
    size_t mask = slots_.size() - 1;
    for (size_t i = tag & mask;; i = (i + 1) & mask) {
      uint64_t slot = slots_[i];
      if (slot == 0) {
        slots_[i] = (uint64_t{tag} << 32) | (count_ + 1);
        offsets_.push_back(arena_.size() + key.size());
        arena_.insert(arena_.end(), key.begin(), key.end());
        *inserted = true;
        return count_++;
      }
      if (static_cast<uint32_t>(slot >> 32) == tag) {
        uint32_t index = static_cast<uint32_t>(slot) - 1;
        if (this->key(index) == key) {
          *inserted = false;
          return index;
        }
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
      uint64_t slot = slots_[i];
      if (slot == 0) return std::nullopt;
      if (static_cast<uint32_t>(slot >> 32) == tag) {
        uint32_t index = static_cast<uint32_t>(slot) - 1;
        if (this->key(index) == key) return index;
      }
    }
  }

  /// Hints that `hash` will be looked up soon.
  void Prefetch(uint64_t hash) const {
    if (!slots_.empty())
      __builtin_prefetch(&slots_[static_cast<uint32_t>(hash) & (slots_.size() - 1)]);
  }

  /// The key of `index`; valid until the next Intern.
  std::string_view key(uint32_t index) const {
    size_t begin = index == 0 ? 0 : offsets_[index - 1];
    return std::string_view(arena_.data() + begin, offsets_[index] - begin);
  }
  /// Number of distinct keys.
  uint32_t size() const { return count_; }

 private:
  static uint64_t Mix(uint64_t x) {
    x ^= x >> 32;
    x *= 0xD6E8FEB86659FD93ull;
    x ^= x >> 32;
    return x;
  }

  void Grow() {
    std::vector<uint64_t> old = std::move(slots_);
    slots_.assign(old.empty() ? 1024 : old.size() * 2, 0);
    size_t mask = slots_.size() - 1;
    for (uint64_t slot : old) {
      if (slot == 0) continue;
      size_t i = static_cast<uint32_t>(slot >> 32) & mask;
      while (slots_[i] != 0) i = (i + 1) & mask;
      slots_[i] = slot;
    }
  }

  std::vector<uint64_t> slots_;    // low 32 bits of hash << 32 | (index + 1); 0 = empty
  std::vector<uint64_t> offsets_;  // end of key i in arena_
  std::vector<char> arena_;
  uint32_t count_ = 0;
};

}  // namespace retention
