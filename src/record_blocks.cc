#include "record_blocks.h"

#include <algorithm>
#include <cstring>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace retention {
namespace {

// How many bytes of [p, p + n) equal '\n' (into *newlines) and, with
// kQuotes, '"' (into *quotes), in one pass, sixteen bytes at a time: the
// loader's reading thread runs this over every byte of the input.
template <bool kQuotes>
void CountBytes(const char* p, size_t n, size_t* newlines, size_t* quotes) {
  *newlines = *quotes = 0;
#ifdef __SSE2__
  const __m128i want_n = _mm_set1_epi8('\n'), want_q = _mm_set1_epi8('"');
  auto sum = [](__m128i lanes) {
    __m128i sums = _mm_sad_epu8(lanes, _mm_setzero_si128());
    return static_cast<size_t>(_mm_cvtsi128_si32(sums)) +
           static_cast<size_t>(_mm_cvtsi128_si32(_mm_srli_si128(sums, 8)));
  };
  while (n >= 16) {
    // Each match subtracts -1 from a byte lane; 255 rounds cannot overflow
    // it. Then the lanes are summed at once.
    __m128i lanes_n = _mm_setzero_si128(), lanes_q = _mm_setzero_si128();
    for (int round = 0; round < 255 && n >= 16; ++round, p += 16, n -= 16) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      lanes_n = _mm_sub_epi8(lanes_n, _mm_cmpeq_epi8(v, want_n));
      if constexpr (kQuotes) lanes_q = _mm_sub_epi8(lanes_q, _mm_cmpeq_epi8(v, want_q));
    }
    *newlines += sum(lanes_n);
    if constexpr (kQuotes) *quotes += sum(lanes_q);
  }
#endif
  *newlines += static_cast<size_t>(std::count(p, p + n, '\n'));
  if constexpr (kQuotes) *quotes += static_cast<size_t>(std::count(p, p + n, '"'));
}

}  // namespace

RecordBlocks::RecordBlocks(ByteSource* source, std::string_view prefix, int64_t first_line,
                           bool csv_quotes, size_t block_size)
    : source_(source), line_(first_line), csv_quotes_(csv_quotes), block_size_(block_size) {
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

bool RecordBlocks::Next(RecordBlock* block) {
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
    const char* data = buffer_.get();
    size_t quotes = 0;
    if (csv_quotes_) {
      CountBytes<true>(data, size_, &newlines, &quotes);
    } else {
      CountBytes<false>(data, size_, &newlines, &quotes);
    }
    if (eof_) {
      cut = size_;
      break;
    }
    // Blocks start outside quotes, so a newline ends a record exactly when
    // an even number of quotes precedes it. Newlines after the cut belong
    // to the next block.
    for (size_t i = size_; i-- > 0;) {
      if (data[i] == '"' && csv_quotes_) {
        --quotes;
      } else if (data[i] == '\n') {
        if (quotes % 2 == 0) {
          cut = i + 1;
          break;
        }
        --newlines;
      }
    }
    if (cut > 0) break;
    wanted = size_ * 2;  // one record longer than a block: read on
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
  block->size = cut;
  block->first_line = line_;
  buffer_ = std::move(next);
  capacity_ = next_capacity;
  size_ -= cut;
  line_ += static_cast<int64_t>(newlines);
  return true;
}

}  // namespace retention
