// Numbers ("tickets") for ids that are not plain numbers (C0001616, UUIDs,
// e-mail addresses, #1001), given on the parse workers. The thread that
// applies rows in input order then finds an id by its ticket in an array,
// as it finds a numeric id by its number, instead of hashing and comparing
// its bytes: finding ids by their text, the costliest part of loading such
// files, runs on every core.
//
// A ticket says nothing about input order (workers take blocks as they
// come); the in-order thread still gives indices in first-seen order, so
// the table is the same for any number of threads. The table is split into
// shards by hash, each with its own lock, so workers seldom wait for each
// other, and a shard's growth only rehashes its own share of the ids.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "base/page_memory.h"
#include "load/string_interner.h"
#include "retention/error.h"

namespace retention {

/// An id waiting for its ticket.
struct TicketRequest {
  std::string_view key;
  uint64_t hash;   // StringInterner::TextHash(key)
  uint64_t* code;  // where the ticket code goes
};

class TicketTable {
 public:
  TicketTable() : shards_(new Shard[kShards]) {}
  TicketTable(const TicketTable&) = delete;
  TicketTable& operator=(const TicketTable&) = delete;

  /// Whether a number's code (StringInterner::IsNumber) is of the form the
  /// column keeps as numbers: the first form any thread asks about. The
  /// caller gives ids of other forms tickets by their text, so that a
  /// column mixing forms (INV-1001 and CN-77) finds the rarer ones on the
  /// parse workers too, not on the in-order thread. Thread-safe.
  bool KeepsAsNumber(uint64_t code) {
    const uint64_t form = StringInterner::FormOf(code);
    uint64_t kept = kept_form_.load(std::memory_order_relaxed);
    if (kept == kNoForm && kept_form_.compare_exchange_strong(kept, form)) return true;
    return kept == form;
  }

  /// Replaces the code of every request by the ticket code
  /// (StringInterner::TicketCode) of its key: the same for the same key
  /// from any thread. Thread-safe. Requests are grouped by shard, so a
  /// shard is locked once per call, and the slots of the keys a few
  /// requests ahead are prefetched. `scratch` is the caller's, to reuse.
  void Assign(const std::vector<TicketRequest>& requests, std::vector<TicketRequest>* scratch) {
    if (requests.empty()) return;
    uint32_t starts[kShards + 1] = {};
    for (const TicketRequest& r : requests) ++starts[ShardOf(r.hash) + 1];
    for (uint32_t i = 0; i < kShards; ++i) starts[i + 1] += starts[i];
    scratch->resize(requests.size());
    uint32_t next[kShards];
    std::copy(starts, starts + kShards, next);
    for (const TicketRequest& r : requests) (*scratch)[next[ShardOf(r.hash)]++] = r;
    for (uint32_t shard = 0; shard < kShards; ++shard) {
      if (starts[shard] == starts[shard + 1]) continue;
      shards_[shard].Assign(shard, &arena_, scratch->data() + starts[shard],
                            scratch->data() + starts[shard + 1]);
    }
  }

 private:
  static constexpr int kShardBits = 6;
  static constexpr uint32_t kShards = uint32_t{1} << kShardBits;
  // Local numbers per shard (a ticket has 32 bits).
  static constexpr uint32_t kMaxLocal = uint32_t{1} << (32 - kShardBits);

  // Each key once, packed in blocks that are never moved: its local number
  // (4 bytes), its size (1 byte, or 0xFF and 4 bytes from 255 on), its
  // bytes. Unaligned: an id of 27 bytes takes 32 (with an 8-byte size and
  // alignment it took 40, a fifth of the memory of a file of Stripe ids).
  // A slot holds the low 32 bits of the key's hash, which are also where
  // its probe starts, and where the record is: the block's place (12 bits)
  // and the offset in it (20 bits). A probe reads a key only when the 32
  // bits match, and growing never reads a key.
  static constexpr int kOffsetBits = 20;
  // Every record starts below this offset in its block.
  static constexpr size_t kBlockSize = size_t{1} << kOffsetBits;
  static constexpr size_t kMaxBlocks = size_t{1} << (32 - kOffsetBits);

  // The memory of all shards' slots and records: pages of the table's
  // own, in 2 MB pages, kept until the table goes. Fresh 4 KB pages from
  // the heap cost a page fault each, which took a third of the time of
  // loading a file of string ids (the faults, not the work on the ids);
  // and pages are given back only at the end, all at once, never while
  // other threads run (which makes the kernel interrupt every core).
  // Thread-safe; what it gives is zero until written.
  class Arena {
   public:
    char* Take(size_t bytes) {
      bytes = (bytes + 7) & ~size_t{7};  // slots are 8-byte values
      std::lock_guard<std::mutex> lock(mutex_);
      if (chunks_.empty() || bytes > chunks_.back().size() - used_) {
        chunks_.emplace_back(std::max(bytes, kChunk));  // may throw: nothing changed
        used_ = 0;
      }
      char* taken = chunks_.back().data() + used_;
      used_ += bytes;
      return taken;
    }

   private:
    // Address space, not memory: only the pages written are the kernel's.
    // Not more: `ulimit -v` limits address space too.
    static constexpr size_t kChunk = size_t{16} << 20;
    std::mutex mutex_;
    std::vector<PageArray<char>> chunks_;
    size_t used_ = 0;
  };

  struct alignas(64) Shard {  // a cache line apart: each has its own lock
    std::mutex mutex;
    // (tag << 32) | (block << 20) | offset; 0: empty (no record is at
    // offset 0 of block 0, so a slot in use is never 0).
    uint64_t* slots = nullptr;
    size_t slot_count = 0;
    uint32_t count = 0;
    std::vector<char*> blocks;
    size_t used = 0;  // bytes of the last block
    size_t size = 0;  // of the last block
    // Slot arrays outgrown, to hold records: the old slots of a doubling
    // are half the new ones, and records need no zeroed memory.
    std::vector<std::pair<char*, size_t>> spare;

    void Assign(uint32_t shard, Arena* arena, TicketRequest* begin, TicketRequest* end) {
      std::lock_guard<std::mutex> lock(mutex);
      // Room for all first, so the slots prefetched stay the slots probed.
      while ((size_t{count} + static_cast<size_t>(end - begin)) * 4 > slot_count * 3) Grow(arena);
      // Two steps ahead: the slot of a key 16 requests on, then the key
      // the slot of a key 8 requests on points at.
      constexpr ptrdiff_t kSlotAhead = 16, kKeyAhead = 8;
      const size_t mask = slot_count - 1;
      uint64_t last_hash = 0, last_ticket = 0;
      std::string_view last_key;
      for (TicketRequest* r = begin; r != end; ++r) {
        if (end - r > kSlotAhead) StringInterner::PrefetchLine(&slots[r[kSlotAhead].hash & mask]);
        if (end - r > kKeyAhead) {
          const uint64_t ahead = r[kKeyAhead].hash;
          const uint64_t slot = slots[ahead & mask];
          if (slot != 0 && TagOf(slot) == Tag(ahead)) StringInterner::PrefetchLine(Record(slot));
        }
        const uint64_t hash = r->hash;
        // Repeats of one key within a block are common (a customer's
        // orders, an order's refund lines): no lookup for them.
        if (r == begin || hash != last_hash || r->key != last_key) {
          last_ticket = StringInterner::TicketCode(
              (uint64_t{Find(arena, r->key, hash)} << kShardBits) | shard);
          last_hash = hash;
          last_key = r->key;
        }
        *r->code = last_ticket;
      }
    }

    uint32_t Find(Arena* arena, std::string_view key, uint64_t hash) {
      const uint64_t tag = Tag(hash);
      const size_t mask = slot_count - 1;
      for (size_t i = hash & mask;; i = (i + 1) & mask) {
        const uint64_t slot = slots[i];
        if (slot == 0) {
          if (count == kMaxLocal) {
            throw DataError(Location{},
                            "more than 4 billion distinct ids; split the input by date");
          }
          slots[i] = (tag << 32) | Store(arena, key, count);
          return count++;
        }
        if (TagOf(slot) != tag) continue;
        const char* record = Record(slot);
        uint32_t local, size = static_cast<unsigned char>(record[4]);
        std::memcpy(&local, record, 4);
        const char* text = record + 5;
        if (size == kLongSize) {
          std::memcpy(&size, record + 5, 4);
          text += 4;
        }
        if (size == key.size() && std::memcmp(text, key.data(), size) == 0) return local;
      }
    }

    // The record's place: (block << 20) | offset.
    uint64_t Store(Arena* arena, std::string_view key, uint32_t local) {
      const bool long_key = key.size() >= kLongSize;
      const size_t need = 5 + (long_key ? 4 : 0) + key.size();
      if (blocks.empty() || need > size - used) {
        if (blocks.size() == kMaxBlocks) {
          throw DataError(Location{}, "the ids take more memory than their tables can hold (" +
                                          std::to_string(kMaxBlocks) +
                                          " blocks of them in each of " + std::to_string(kShards) +
                                          " parts); split the input by date");
        }
        // An outgrown slot array (or 1 MB of one) when one holds the key,
        // else a block that grows with the
        // shard, from 16 KB, doubling every 64 blocks up to 1 MB: few
        // blocks, and the unwritten ends of the shards' last blocks stay
        // small in 2 MB pages. A key longer than that gets a block of its
        // own. Nothing changes until the block is in: out of memory leaves
        // the shard as it was.
        blocks.reserve(blocks.size() + 1);
        char* block;
        size_t block_size;
        if (!spare.empty() && spare.back().second > need) {
          block = spare.back().first;
          block_size = spare.back().second;
          spare.pop_back();
        } else {
          block_size =
              std::max(need + 1, size_t{16} << 10 << std::min<size_t>(blocks.size() / 64, 6));
          block = arena->Take(block_size);
        }
        blocks.push_back(block);
        size = block_size;
        used = blocks.size() == 1 ? 1 : 0;  // place 0 would read as an empty slot
      }
      char* record = blocks.back() + used;
      std::memcpy(record, &local, 4);
      record[4] = static_cast<char>(long_key ? kLongSize : key.size());
      char* text = record + 5;
      if (long_key) {
        const uint32_t size32 = static_cast<uint32_t>(key.size());
        std::memcpy(text, &size32, 4);
        text += 4;
      }
      std::memcpy(text, key.data(), key.size());
      // A block's records start below 1 MB (a longer block holds one).
      const uint64_t place = ((blocks.size() - 1) << kOffsetBits) | used;
      used += need;
      return place;
    }

    const char* Record(uint64_t slot) const {
      const uint32_t place = static_cast<uint32_t>(slot);
      return blocks[place >> kOffsetBits] + (place & (kBlockSize - 1));
    }

    void Grow(Arena* arena) {
      // Taken before anything moves: out of memory keeps every id.
      const size_t bigger_count = slot_count == 0 ? 256 : slot_count * 2;
      spare.reserve(spare.size() + (slot_count * 8 + kBlockSize - 1) / kBlockSize);
      auto* bigger = reinterpret_cast<uint64_t*>(arena->Take(bigger_count * sizeof(uint64_t)));
      const size_t mask = bigger_count - 1;
      for (size_t s = 0; s < slot_count; ++s) {
        const uint64_t slot = slots[s];
        if (slot == 0) continue;
        size_t i = TagOf(slot) & mask;  // the hash's low bits
        for (; bigger[i] != 0; i = (i + 1) & mask) {
        }
        bigger[i] = slot;
      }
      // In pieces a block can be: records start below 1 MB in a block.
      for (size_t piece = 0; piece < slot_count * 8; piece += kBlockSize) {
        spare.emplace_back(reinterpret_cast<char*>(slots) + piece,
                           std::min(kBlockSize, slot_count * 8 - piece));
      }
      slots = bigger;
      slot_count = bigger_count;
    }
  };

  static uint32_t ShardOf(uint64_t code) {
    return static_cast<uint32_t>(code >> (62 - kShardBits)) & (kShards - 1);
  }
  static constexpr uint32_t kLongSize = 0xFF;
  static uint64_t Tag(uint64_t hash) { return hash & 0xFFFFFFFF; }
  static uint64_t TagOf(uint64_t slot) { return slot >> 32; }

  Arena arena_;
  std::unique_ptr<Shard[]> shards_;
  static constexpr uint64_t kNoForm = UINT64_MAX;
  std::atomic<uint64_t> kept_form_{kNoForm};
};

/// The ticket tables of one load: customer ids and order ids apart.
struct IdTickets {
  TicketTable customers;
  TicketTable orders;
};

}  // namespace retention
