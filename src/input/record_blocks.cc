#include "input/record_blocks.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstring>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#ifdef __AVX2__
#include <immintrin.h>
#endif

namespace retention {
namespace {

// One vector width for CountBytes: `Matches` has -1 in the byte lanes of
// `v` equal to `want`'s, and `Sum` adds up a vector's byte lanes.
#ifdef __SSE2__
struct Lanes16 {
  using Vector = __m128i;
  static constexpr size_t kWidth = 16;
  static Vector Zero() { return _mm_setzero_si128(); }
  static Vector Splat(char c) { return _mm_set1_epi8(c); }
  static Vector Load(const char* p) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p)); }
  static Vector Subtract(Vector a, Vector b) { return _mm_sub_epi8(a, b); }
  static Vector Matches(Vector v, Vector want) { return _mm_cmpeq_epi8(v, want); }
  static size_t Sum(Vector lanes) {
    __m128i sums = _mm_sad_epu8(lanes, _mm_setzero_si128());
    return static_cast<size_t>(_mm_cvtsi128_si32(sums)) +
           static_cast<size_t>(_mm_cvtsi128_si32(_mm_srli_si128(sums, 8)));
  }
};
#endif
#ifdef __AVX2__
struct Lanes32 {  // built for a CPU with AVX2 (RETENTION_NATIVE)
  using Vector = __m256i;
  static constexpr size_t kWidth = 32;
  static Vector Zero() { return _mm256_setzero_si256(); }
  static Vector Splat(char c) { return _mm256_set1_epi8(c); }
  static Vector Load(const char* p) {
    return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  }
  static Vector Subtract(Vector a, Vector b) { return _mm256_sub_epi8(a, b); }
  static Vector Matches(Vector v, Vector want) { return _mm256_cmpeq_epi8(v, want); }
  static size_t Sum(Vector lanes) {
    __m256i sums = _mm256_sad_epu8(lanes, _mm256_setzero_si256());
    return static_cast<size_t>(_mm256_extract_epi64(sums, 0) + _mm256_extract_epi64(sums, 1) +
                               _mm256_extract_epi64(sums, 2) + _mm256_extract_epi64(sums, 3));
  }
};
#endif

// CountBytes over the whole vectors at *p, moving *p and *n past them.
template <typename L, bool kQuotes>
void CountVectors(const char** p, size_t* n, char eol, size_t* newlines, size_t* quotes) {
  const typename L::Vector want_n = L::Splat(eol), want_q = L::Splat('"');
  while (*n >= L::kWidth) {
    // Each match subtracts -1 from a byte lane; 255 rounds cannot overflow
    // it. Then the lanes are summed at once.
    typename L::Vector lanes_n = L::Zero(), lanes_q = L::Zero();
    for (int round = 0; round < 255 && *n >= L::kWidth; ++round) {
      const typename L::Vector v = L::Load(*p);
      lanes_n = L::Subtract(lanes_n, L::Matches(v, want_n));
      if constexpr (kQuotes) lanes_q = L::Subtract(lanes_q, L::Matches(v, want_q));
      *p += L::kWidth;
      *n -= L::kWidth;
    }
    *newlines += L::Sum(lanes_n);
    if constexpr (kQuotes) *quotes += L::Sum(lanes_q);
  }
}

// How many bytes of [p, p + n) equal `eol` (into *newlines) and, with
// kQuotes, '"' (into *quotes), in one pass, a vector at a time: the
// loader's reading thread runs this over every byte of the input.
template <bool kQuotes>
void CountBytes(const char* p, size_t n, char eol, size_t* newlines, size_t* quotes) {
  *newlines = *quotes = 0;
#ifdef __AVX2__
  CountVectors<Lanes32, kQuotes>(&p, &n, eol, newlines, quotes);
#endif
#ifdef __SSE2__
  CountVectors<Lanes16, kQuotes>(&p, &n, eol, newlines, quotes);
#endif
  *newlines += static_cast<size_t>(std::count(p, p + n, eol));
  if constexpr (kQuotes) *quotes += static_cast<size_t>(std::count(p, p + n, '"'));
}

// Where the records in [data, data + size) end: one past the last newline
// outside quotes (0 when none; all of it `at_end`), with the newlines before
// that in *newlines. Blocks start outside quotes, so a newline ends a
// record exactly when an even number of quotes precedes it.
size_t CutRecords(const char* data, size_t size, bool csv_quotes, char eol, bool at_end,
                  size_t* newlines) {
  size_t quotes = 0;
  if (csv_quotes) {
    CountBytes<true>(data, size, eol, newlines, &quotes);
  } else {
    CountBytes<false>(data, size, eol, newlines, &quotes);
  }
  if (at_end) return size;
  for (size_t i = size; i-- > 0;) {
    if (data[i] == '"' && csv_quotes) {
      --quotes;
    } else if (data[i] == eol) {
      if (quotes % 2 == 0) return i + 1;
      --*newlines;  // newlines after the cut belong to the next block
    }
  }
  return 0;
}

}  // namespace

RecordBlocks::RecordBlocks(ByteSource* source, std::string_view prefix, int64_t first_line,
                           bool csv_quotes, size_t block_size, size_t max_record, char eol)
    : source_(source),
      line_(first_line),
      csv_quotes_(csv_quotes),
      eol_(eol),
      block_size_(block_size),
      max_record_(std::min(max_record, SIZE_MAX / 4)) {  // doubling it cannot overflow
  size_t position = 0;
  std::string_view mapping = source_->Mapping(&position);
  // The prefix is what was read last, so it lies just before the position.
  if (!mapping.empty() && position >= prefix.size() &&
      mapping.substr(position - prefix.size(), prefix.size()) == prefix) {
    mapping_ = mapping;
    mapped_at_ = position - prefix.size();
    return;
  }
  Reserve(std::max(block_size_, prefix.size()));
  if (!prefix.empty()) std::memcpy(buffer_.get(), prefix.data(), prefix.size());
  size_ = prefix.size();
}

void RecordBlocks::Reserve(size_t capacity) {
  if (capacity <= capacity_) return;
  std::unique_ptr<char[]> bigger(new char[capacity + kBlockPadding]);
  if (size_ > 0) std::memcpy(bigger.get(), buffer_.get(), size_);
  buffer_ = std::move(bigger);
  capacity_ = capacity;
}

bool RecordBlocks::NextMapped(RecordBlock* block) {
  const char* const file = mapping_.data();
  if (block->begin != nullptr && block->begin != block->data.get()) {  // in the mapping
    // The block handed back is the oldest in flight, so every byte before
    // its end is parsed. Its pages are let go in whole 2 MB stretches: the
    // kernel maps the file in folios of up to that size, and touching any
    // page of a folio maps all of it again.
    const size_t stretch = size_t{2} << 20;
    size_t done = (static_cast<size_t>(block->begin - file) + block->size) & ~(stretch - 1);
    if (done > released_) {
      madvise(const_cast<char*>(file) + released_, done - released_, MADV_DONTNEED);
      released_ = done;
    }
  }
  size_t left = mapping_.size() - mapped_at_;
  if (left == 0) return false;
  const char* data = file + mapped_at_;
  size_t newlines = 0, cut = 0;
  for (size_t wanted = block_size_;;) {
    cut = CutRecords(data, std::min(left, wanted), csv_quotes_, eol_, left <= wanted, &newlines);
    if (cut > 0) break;  // else one record is longer than a block: read on, up to the limit
    if (wanted > max_record_) {
      FailRecordTooLong(source_->name(), mapping_.substr(mapped_at_), line_, max_record_,
                        csv_quotes_);
    }
    wanted = std::min(wanted * 2, max_record_ + 1);
  }
  // Cutting read every byte of the block: a file truncated under us shows
  // now, before its zeros are parsed.
  source_->CheckUnchanged();
  if (left - cut < kBlockPadding) {
    // Near the end of the file the padding would lie beyond the mapping:
    // the block is copied.
    if (block->capacity < cut) {
      block->data.reset(new char[cut + kBlockPadding]);
      block->capacity = cut;
    }
    std::memcpy(block->data.get(), data, cut);
    data = block->data.get();
  }
  block->begin = data;
  block->size = cut;
  block->first_line = line_;
  line_ += static_cast<int64_t>(newlines);
  mapped_at_ += cut;
  source_->NoteMapped(mapped_at_);
  return true;
}

bool RecordBlocks::Next(RecordBlock* block) {
  if (!mapping_.empty()) return NextMapped(block);
  size_t cut = 0;       // one past the last record boundary
  size_t newlines = 0;  // before the cut
  size_t wanted = block_size_;
  for (;;) {
    Reserve(wanted);
    while (!eof_ && size_ < wanted) {
      size_t n = source_->Read(buffer_.get() + size_, wanted - size_);
      if (n == 0) eof_ = true;
      size_ += n;
    }
    cut = CutRecords(buffer_.get(), size_, csv_quotes_, eol_, eof_, &newlines);
    if (cut > 0 || eof_) break;
    // One record longer than a block: read on, but not past the limit.
    if (size_ > max_record_) {
      FailRecordTooLong(source_->name(), std::string_view(buffer_.get(), size_), line_, max_record_,
                        csv_quotes_);
    }
    wanted = std::min(size_ * 2, max_record_ + 1);
  }
  if (cut == 0) return false;
  // The block takes the buffer; only the partial record after the cut is
  // copied into the next one, which is the block's old buffer when it is
  // big enough (fresh allocations cost page faults on every block).
  std::unique_ptr<char[]> next = block->capacity >= capacity_
                                     ? std::move(block->data)
                                     : std::unique_ptr<char[]>(new char[capacity_ + kBlockPadding]);
  size_t next_capacity = std::max(block->capacity, capacity_);
  std::memcpy(next.get(), buffer_.get() + cut, size_ - cut);
  block->data = std::move(buffer_);
  block->capacity = capacity_;
  block->begin = block->data.get();
  block->size = cut;
  block->first_line = line_;
  buffer_ = std::move(next);
  capacity_ = next_capacity;
  size_ -= cut;
  line_ += static_cast<int64_t>(newlines);
  return true;
}

}  // namespace retention
