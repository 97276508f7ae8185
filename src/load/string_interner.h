// Maps strings to dense indices 0, 1, 2, ... in first-seen order, for
// customer and order ids. Open addressing over flat slot arrays, keys packed
// in one arena: no allocation per key and few cache misses, which is where
// loading spends its time on large files.
//
// Most exports number their customers and orders. An id written as a plain
// number (no sign, no leading zero, below 2^32 - 1) is kept as that number:
// in an array indexed by it while the numbers are dense, else in its hash
// slot, so finding it touches one cache line instead of three (slot, entry,
// key bytes). So is a number written with a short prefix or zero padding
// (Shopify's #1001, an ERP's C0001616 and O000005526, INV-0042): the
// prefix and the width go into the code beside the number, and ids of the
// first such form the interner meets share its array. Other ids are
// compared by their bytes. "7", "07" and "#7" are different ids, as they
// are in the input.
#pragma once

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "base/digits.h"
#include "base/hash_bytes.h"
#include "base/page_memory.h"

namespace retention {

class StringInterner {
 public:
  /// What the interner needs to know about a key, computed once per key
  /// (on any thread): the number a numeric id spells, or a hash.
  static uint64_t Code(std::string_view key) {
    const size_t size = key.size();
    if (size != 0 && size <= 10 && key[0] >= '1' && key[0] <= '9') {
      // Up to eight digits at once (ids of 4 to 8 digits are the common
      // case), the rest one by one.
      uint64_t n = 0;
      size_t i = 0;
      if (size >= 4) {
        i = std::min<size_t>(size, 8);
        if (!EightDigits(key.data(), i, &n)) i = 0, n = 0;
      }
      for (; i < size; ++i) {
        unsigned digit = static_cast<unsigned char>(key[i]) - unsigned{'0'};
        if (digit > 9) break;
        n = n * 10 + digit;
      }
      if (i == size && n < kNoNumber) return kNumber | n;
    }
    uint64_t formed;
    if (size != 0 && size <= kMaxPrefix + kMaxFormedDigits && FormedCode(key, &formed)) {
      return formed;
    }
    return TextHash(key);
  }

  /// Whether equal codes mean equal keys (a number or a ticket), with no
  /// need to compare the keys.
  static bool Exact(uint64_t code) { return (code & kNumber) != 0; }
  /// Whether the code is the number the key spells (Code), which Spell
  /// writes back.
  static bool IsNumber(uint64_t code) { return (code & (kNumber | kTicket)) == kNumber; }
  /// Whether the code is a ticket (TicketCode). A hash may have the ticket
  /// bit set; only with the number bit is it a ticket.
  static bool IsTicket(uint64_t code) {
    return (code & (kNumber | kTicket)) == (kNumber | kTicket);
  }
  /// The code of a ticket (a number below 2^32 standing for a key, given by
  /// id_tickets.h): Exact, and kept in an array of its own, like numbers.
  /// One interner must not mix tickets from different ticket tables, nor
  /// tickets with hashed keys of the same text.
  static uint64_t TicketCode(uint64_t ticket) { return kNumber | kTicket | ticket; }
  /// The form of a number's code: 0 for a plain number (and for anything
  /// that is not a number), else its prefix and width. Ids of one form
  /// differ in their number alone.
  static uint32_t FormOf(uint64_t code) {
    if ((code & (kNumber | kTicket)) != kNumber || ((code >> 32) & kFormedNumberMask) == 0) {
      return 0;
    }
    return static_cast<uint32_t>(code >> 30);
  }
  /// The code Code gives a key that is not a number, for any key.
  static uint64_t TextHash(std::string_view key) { return Hash(key) & ~kNumber; }
  /// The number of a code that IsNumber (without its prefix and padding).
  static uint64_t Number(uint64_t code) {
    return FormOf(code) != 0 ? code & kFormedNumberMask : code & 0xFFFFFFFFu;
  }
  /// The key of a code that IsNumber, written into `digits`.
  static std::string_view Spell(uint64_t code, char (&digits)[20]) {
    char* out = digits;
    const uint32_t form = FormOf(code);
    if (form != 0) {
      for (uint32_t prefix = form & kPrefixMask; prefix != 0; prefix >>= 7) {
        *out++ = static_cast<char>(prefix & 0x7F);
      }
    }
    char number[10];
    const size_t size = static_cast<size_t>(
        std::to_chars(number, number + sizeof(number), Number(code)).ptr - number);
    for (size_t width = form >> kWidthShift; width > size; --width) *out++ = '0';
    std::memcpy(out, number, size);
    out += size;
    return std::string_view(digits, static_cast<size_t>(out - digits));
  }

  /// With `spell_keys` false, key() is unavailable and numeric ids take no
  /// memory beyond their array cell or slot (order ids are never spelled).
  explicit StringInterner(bool spell_keys = true) : spell_keys_(spell_keys) {}

  /// The index of `key` (with `code == Code(key)`), adding it when new.
  uint32_t Intern(std::string_view key, uint64_t code, bool* inserted) {
    if (IsTicket(code)) {
      const uint64_t t = code & 0xFFFFFFFFu;
      if (t >= tickets_.size()) tickets_.Grow(std::max<size_t>({tickets_.size() * 2, t + 1, 4096}));
      uint32_t& cell = tickets_[t];
      *inserted = cell == 0;
      if (cell == 0) cell = NewIndex(code) + 1;
      return cell - 1;
    }
    if (code & kNumber) {
      if (!InNumberForm(code)) return InternSpelled(code, inserted);
      uint64_t n = Number(code);
      if (n < direct_.size() || CoverDirectly(n)) {
        uint32_t& cell = direct_[n];
        *inserted = cell == 0;
        if (cell == 0) cell = NewIndex(code) + 1;
        return cell - 1;
      }
    }
    if ((hashed_ + 1) * 4 > slots_.size() * 3) Grow();
    const uint64_t tag = code & 0xFFFFFFFFu;
    const size_t mask = slots_.size() - 1;
    for (size_t i = Place(code) & mask;; i = (i + 1) & mask) {
      uint64_t slot = slots_[i];
      if (slot == 0) {
        uint32_t index;
        if (code & kNumber) {
          index = NewIndex(code);
          slots_[i] = (tag << 32) | kNumberSlot | (index + 1);
        } else {
          auto entry = static_cast<uint32_t>(entries_.size());
          index = NewIndex(entry);
          entries_.push_back(Entry{arena_.size(), static_cast<uint32_t>(key.size()), index});
          arena_.insert(arena_.end(), key.begin(), key.end());
          slots_[i] = (tag << 32) | (entry + 1);
        }
        ++hashed_;
        *inserted = true;
        return index;
      }
      if ((slot >> 32) == tag && Matches(slot, key, code)) {
        *inserted = false;
        return IndexOf(slot);
      }
    }
  }
  uint32_t Intern(std::string_view key, bool* inserted) { return Intern(key, Code(key), inserted); }

  /// A new index that no key maps to, so that indices stay those of a
  /// column that also holds rows without a key (orders without an id).
  uint32_t AddKeyless() {
    if (spell_keys_) throw std::logic_error("keyless indices cannot be spelled");
    return NewIndex(0);
  }

  /// The index of `key` (with `code == Code(key)`) if present.
  std::optional<uint32_t> Find(std::string_view key, uint64_t code) const {
    if (IsTicket(code)) return FindNumber(code);
    if (code & kNumber) {
      if (!has_form_) return std::nullopt;  // no number seen yet
      if (FormOf(code) != form_) {
        char text[20];
        std::string_view spelled = Spell(code, text);
        return Find(spelled, TextHash(spelled));
      }
      if (Number(code) < direct_.size()) {
        uint32_t cell = direct_[Number(code)];
        return cell == 0 ? std::nullopt : std::optional<uint32_t>(cell - 1);
      }
    }
    if (slots_.empty()) return std::nullopt;
    const uint64_t tag = code & 0xFFFFFFFFu;
    const size_t mask = slots_.size() - 1;
    for (size_t i = Place(code) & mask;; i = (i + 1) & mask) {
      uint64_t slot = slots_[i];
      if (slot == 0) return std::nullopt;
      if ((slot >> 32) == tag && Matches(slot, key, code)) return IndexOf(slot);
    }
  }

  /// Hints that `code` will be looked up soon, so that several lookups'
  /// cache misses overlap.
  void Prefetch(uint64_t code) const {
    if (IsTicket(code)) {
      const uint64_t t = code & 0xFFFFFFFFu;
      if (t < tickets_.size()) PrefetchLine(tickets_.begin() + t);
    } else if (code & kNumber) {
      if (!has_form_ || FormOf(code) != form_) return;  // spelled: rare
      if (Number(code) < direct_.size()) {
        PrefetchLine(direct_.begin() + Number(code));
      } else if (!slots_.empty()) {
        PrefetchLine(slots_.begin() + (Place(code) & (slots_.size() - 1)));
      }
    } else if (!slots_.empty()) {
      PrefetchLine(slots_.begin() + (Place(code) & (slots_.size() - 1)));
    }
  }

  /// The index of a number already in the direct array, or of a ticket
  /// (see Prefetch), without a lookup that could miss the cache; nullopt
  /// for anything else.
  std::optional<uint32_t> FindNumber(uint64_t code) const {
    if (IsTicket(code)) {
      const uint64_t t = code & 0xFFFFFFFFu;
      if (t >= tickets_.size() || tickets_[t] == 0) return std::nullopt;
      return tickets_[t] - 1;
    }
    if (!(code & kNumber) || !has_form_ || FormOf(code) != form_) return std::nullopt;
    const uint64_t n = Number(code);
    if (n >= direct_.size() || direct_[n] == 0) return std::nullopt;
    return direct_[n] - 1;
  }

  /// Asks for the cache line at `p`.
  static void PrefetchLine(const void* p) {
#if defined(__x86_64__)
    // GCC 12 drops __builtin_prefetch under conditions like the ones above.
    asm volatile("prefetcht0 %0" : : "m"(*static_cast<const char*>(p)));
#else
    __builtin_prefetch(p);
#endif
  }

  /// The key of `index` (only with spell_keys).
  std::string key(uint32_t index) const {
    uint64_t ref = refs_[index];
    char digits[20];
    if (ref & kNumber) return std::string(Spell(ref, digits));
    const Entry& e = entries_[ref];
    return std::string(arena_.data() + e.offset, e.size);
  }
  /// Number of distinct keys.
  uint32_t size() const { return count_; }

 private:
  static constexpr uint64_t kNumber = uint64_t{1} << 63;
  static constexpr uint64_t kTicket = uint64_t{1} << 62;  // with kNumber
  static constexpr uint64_t kNoNumber = 0xFFFFFFFFu;      // numbers are below
  static constexpr uint64_t kNumberSlot = uint64_t{1} << 31;
  // A number with a prefix or zero padding ("formed"): the number in the
  // low 30 bits, up to 4 prefix bytes (0x21-0x7E, not digits) 7 bits each
  // from bit 30, and the width in digits (when padded with zeros; else 0)
  // from bit 58. Bits 32-61 are never all zero then (a prefix byte of 4 or
  // more, or a width), and always are for a plain number.
  static constexpr size_t kMaxPrefix = 4, kMaxFormedDigits = 9;
  static constexpr uint64_t kFormedNumberMask = (uint64_t{1} << 30) - 1;
  static constexpr uint32_t kPrefixMask = (uint32_t{1} << 28) - 1;
  static constexpr int kWidthShift = 28;  // within a form

  // The code of a key made of a prefix and digits (see above), if it is one.
  static bool FormedCode(std::string_view key, uint64_t* code) {
    size_t p = 0;
    uint64_t prefix = 0;
    for (; p < key.size() && (key[p] < '0' || key[p] > '9'); ++p) {
      const unsigned char c = static_cast<unsigned char>(key[p]);
      if (p == kMaxPrefix || c < 0x21 || c > 0x7E) return false;
      prefix |= uint64_t{c} << (7 * p);
    }
    const size_t digits = key.size() - p;
    // A plain number without padding is not formed (Code reads it).
    if (digits == 0 || digits > kMaxFormedDigits || (p == 0 && key[0] != '0')) return false;
    uint64_t n = 0;
    for (size_t i = p; i < key.size(); ++i) {
      const unsigned digit = static_cast<unsigned char>(key[i]) - unsigned{'0'};
      if (digit > 9) return false;
      n = n * 10 + digit;
    }
    const uint64_t width = key[p] == '0' ? digits : 0;
    *code = kNumber | (width << (30 + kWidthShift)) | (prefix << 30) | n;
    return true;
  }

  struct Entry {
    uint64_t offset;  // of the key in arena_
    uint32_t size;
    uint32_t index;  // of the key
  };

  // The next index, noting how to spell it: kNumber | the number, or the
  // index into entries_.
  uint32_t NewIndex(uint64_t ref) {
    if (count_ >= kNumberSlot - 2) throw std::length_error("more than 2^31 distinct ids");
    if (spell_keys_ && IsTicket(ref)) throw std::logic_error("tickets cannot be spelled");
    if (spell_keys_) refs_.push_back(ref);
    return count_++;
  }

  // Whether the `size` (4 to 8) bytes at p are all digits, and their value.
  static bool EightDigits(const char* p, size_t size, uint64_t* value) {
    return EightDigitsValue(AlignDigits(LoadShort(p, size), static_cast<unsigned>(size)), value);
  }

  static uint64_t Mix(uint64_t x) {
    x ^= x >> 32;
    x *= 0xD6E8FEB86659FD93ull;
    x ^= x >> 32;
    return x;
  }

  // XXH3: for ids of 17 to 128 bytes (UUIDs, e-mails, Stripe's) it mixes
  // 16-byte pairs independently, where a chain of one multiply per word
  // waited on each.
  static uint64_t Hash(std::string_view key) { return HashBytes(key.data(), key.size()); }

  // Where a key's probe starts in slots_.
  static uint64_t Place(uint64_t code) {
    if (!(code & kNumber)) return code;
    return Mix((code & 0xFFFFFFFFu) + 0x9E3779B97F4A7C15ull);
  }

  // Low bits of a slot: index + 1 for a number, entry + 1 for a string.
  static uint32_t Low(uint64_t slot) { return static_cast<uint32_t>(slot & (kNumberSlot - 1)) - 1; }
  uint32_t IndexOf(uint64_t slot) const {
    return (slot & kNumberSlot) ? Low(slot) : entries_[Low(slot)].index;
  }

  // For a slot whose tag equals the key's.
  bool Matches(uint64_t slot, std::string_view key, uint64_t code) const {
    // A number's tag is the number: equal tags are equal numbers.
    if (code & kNumber) return (slot & kNumberSlot) != 0;
    if (slot & kNumberSlot) return false;
    const Entry& e = entries_[Low(slot)];
    // (An empty key may have no data pointer, nor the arena: memcmp of
    // nulls is undefined even for no bytes.)
    return e.size == key.size() &&
           (e.size == 0 || std::memcmp(arena_.data() + e.offset, key.data(), e.size) == 0);
  }

  // Grows direct_ to hold `n` when the numbers seen are dense enough for it
  // to stay within a few words per id; false when `n` goes to the hash table.
  bool CoverDirectly(uint64_t n) {
    size_t want = std::max<size_t>({direct_.size() * 2, n + 1, 4096});
    if (want > (size_t{count_} + 1) * 4 + (size_t{1} << 16)) return false;
    direct_.Grow(want);
    // Numbers that went to the hash table before now belong here; their old
    // slots stay, never looked at again.
    for (uint64_t slot : slots_) {
      if (!(slot & kNumberSlot)) continue;
      const uint64_t number = form_ != 0 ? (slot >> 32) & kFormedNumberMask : slot >> 32;
      if (number < want) direct_[number] = Low(slot) + 1;
    }
    return true;
  }

  // Whether a number's code is of the form whose numbers this interner
  // keeps as numbers: the first form it meets. Fixes that form.
  bool InNumberForm(uint64_t code) {
    if (!has_form_) {
      form_ = FormOf(code);
      has_form_ = true;
    }
    return FormOf(code) == form_;
  }

  // A number of another form: interned by its text, which it spells (files
  // seldom mix forms in one column).
  uint32_t InternSpelled(uint64_t code, bool* inserted) {
    char text[20];
    std::string_view key = Spell(code, text);
    return Intern(key, TextHash(key), inserted);
  }

  void Grow() {
    // Allocated before anything moves: out of memory keeps every id.
    PageArray<uint64_t> bigger(slots_.empty() ? 1024 : slots_.size() * 2);
    const size_t mask = bigger.size() - 1;
    for (uint64_t slot : slots_) {
      if (slot == 0) continue;
      // A number's slot holds the number; a string's its tag (the hash's
      // low half), which is also where its probe starts.
      uint64_t code = (slot & kNumberSlot ? kNumber : 0) | (slot >> 32);
      size_t i = Place(code) & mask;
      while (bigger[i] != 0) i = (i + 1) & mask;
      bigger[i] = slot;
    }
    slots_ = std::move(bigger);
  }

  // Numbers below direct_.size(): index + 1 at the number, 0 = absent.
  // Exports mostly number ids from 1 up, so this is where most ids live:
  // one array access, and ids that follow each other share a cache line.
  PageArray<uint32_t> direct_;
  // The form (FormOf) of the numbers in direct_ and in number slots.
  uint32_t form_ = 0;
  bool has_form_ = false;
  // Tickets (TicketCode), the same way: index + 1 at the ticket.
  PageArray<uint32_t> tickets_;
  // The other ids, open addressing. Per slot: the tag (a number itself, or
  // the hash's low half) in the high half; kNumberSlot and index + 1 for a
  // number, entry + 1 for a string, in the low half; 0 = empty.
  PageArray<uint64_t> slots_;
  size_t hashed_ = 0;  // ids added to slots_
  // Per index (with spell_keys_): kNumber | the number, or the index into
  // entries_.
  bool spell_keys_;
  ChunkedVector<uint64_t> refs_;
  uint32_t count_ = 0;
  std::vector<Entry> entries_;
  std::vector<char> arena_;
};

/// The id of the row before, to tell a row of the same id without a table
/// lookup: rows of one order follow each other in most exports. Equal
/// codes are the same id when Exact; otherwise the texts are compared.
class LastId {
 public:
  bool Is(uint64_t code, std::string_view text) const {
    return any_ && code == code_ && (StringInterner::Exact(code) || text == text_);
  }
  void Set(uint64_t code, std::string_view text) {
    any_ = true;
    code_ = code;
    if (!StringInterner::Exact(code)) text_.assign(text.data(), text.size());
  }
  bool any() const { return any_; }
  void Forget() { any_ = false; }

 private:
  bool any_ = false;
  uint64_t code_ = 0;
  std::string text_;  // for codes that are not Exact
};

}  // namespace retention
