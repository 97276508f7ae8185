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
      shards_[shard].Assign(shard, scratch->data() + starts[shard],
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

  struct alignas(64) Shard {  // a cache line apart: each has its own lock
    std::mutex mutex;
    // (tag << 32) | (block << 20) | offset; 0: empty (no record is at
    // offset 0 of block 0, so a slot in use is never 0). From the heap,
    // not from page_memory: a shard's table is small, and giving pages back while
    // other threads run makes the kernel interrupt every core (a TLB
    // shootdown) at each of the shards' many doublings.
    std::vector<uint64_t> slots;
    uint32_t count = 0;
    std::vector<std::unique_ptr<char[]>> blocks;
    size_t used = 0;  // bytes of the last block
    size_t size = 0;  // of the last block

    void Assign(uint32_t shard, TicketRequest* begin, TicketRequest* end) {
      std::lock_guard<std::mutex> lock(mutex);
      // Room for all first, so the slots prefetched stay the slots probed.
      while ((size_t{count} + static_cast<size_t>(end - begin)) * 4 > slots.size() * 3) Grow();
      // Two steps ahead: the slot of a key 16 requests on, then the key
      // the slot of a key 8 requests on points at.
      constexpr ptrdiff_t kSlotAhead = 16, kKeyAhead = 8;
      const size_t mask = slots.size() - 1;
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
          last_ticket =
              StringInterner::TicketCode((uint64_t{Find(r->key, hash)} << kShardBits) | shard);
          last_hash = hash;
          last_key = r->key;
        }
        *r->code = last_ticket;
      }
    }

    uint32_t Find(std::string_view key, uint64_t hash) {
      const uint64_t tag = Tag(hash);
      const size_t mask = slots.size() - 1;
      for (size_t i = hash & mask;; i = (i + 1) & mask) {
        const uint64_t slot = slots[i];
        if (slot == 0) {
          if (count == kMaxLocal) {
            throw DataError(Location{},
                            "more than 4 billion distinct ids; split the input by date");
          }
          slots[i] = (tag << 32) | Store(key, count);
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
    uint64_t Store(std::string_view key, uint32_t local) {
      const bool long_key = key.size() >= kLongSize;
      const size_t need = 5 + (long_key ? 4 : 0) + key.size();
      if (blocks.empty() || need > size - used) {
        if (blocks.size() == kMaxBlocks) {
          throw DataError(Location{}, "the ids take more than 256 GB; split the input by date");
        }
        // Blocks grow with the shard (64 KB to 1 MB): few allocations,
        // little waste. A key longer than that gets a block of its own.
        // Nothing changes until the block is in: out of memory leaves the
        // shard as it was.
        const size_t block_size =
            std::max(need + 1, size_t{64} << 10 << std::min<size_t>(blocks.size(), 4));
        std::unique_ptr<char[]> block(new char[block_size]);
        blocks.push_back(std::move(block));
        size = block_size;
        used = blocks.size() == 1 ? 1 : 0;  // place 0 would read as an empty slot
      }
      char* record = blocks.back().get() + used;
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
      return blocks[place >> kOffsetBits].get() + (place & (kBlockSize - 1));
    }

    void Grow() {
      // Allocated before anything moves: out of memory keeps every id.
      std::vector<uint64_t> bigger(slots.empty() ? 256 : slots.size() * 2, 0);
      const size_t mask = bigger.size() - 1;
      for (uint64_t slot : slots) {
        if (slot == 0) continue;
        size_t i = TagOf(slot) & mask;  // the hash's low bits
        for (; bigger[i] != 0; i = (i + 1) & mask) {
        }
        bigger[i] = slot;
      }
      slots.swap(bigger);
    }
  };

  static uint32_t ShardOf(uint64_t code) {
    return static_cast<uint32_t>(code >> (62 - kShardBits)) & (kShards - 1);
  }
  static constexpr uint32_t kLongSize = 0xFF;
  static uint64_t Tag(uint64_t hash) { return hash & 0xFFFFFFFF; }
  static uint64_t TagOf(uint64_t slot) { return slot >> 32; }

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
