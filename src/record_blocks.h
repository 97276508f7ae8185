// Cuts a byte stream into blocks that end where a record ends, so blocks
// can be parsed independently (on different threads).
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "byte_source.h"

namespace retention {

/// Whole records of a file, and the line they start on. kBlockPadding
/// bytes after them may be read (with any value): parsers that read ahead
/// (simdjson) use the block in place.
constexpr size_t kBlockPadding = 64;
struct RecordBlock {
  std::unique_ptr<char[]> data;
  size_t size = 0;
  size_t capacity = 0;
  int64_t first_line = 0;
  std::string_view bytes() const { return std::string_view(data.get(), size); }
};

class RecordBlocks {
 public:
  /// Blocks of `source`, which starts with the bytes `prefix` already read
  /// from it, on line `first_line`. `csv_quotes`: a newline inside a quoted
  /// CSV field does not end a record (for NDJSON, every newline does).
  RecordBlocks(ByteSource* source, std::string_view prefix, int64_t first_line, bool csv_quotes,
               size_t block_size = 1 << 19);

  /// The next block; false at the end. The block's previous buffer is
  /// reused.
  bool Next(RecordBlock* block);

 private:
  void Reserve(size_t capacity);

  ByteSource* source_;
  std::unique_ptr<char[]> buffer_;
  size_t size_ = 0;
  size_t capacity_ = 0;
  int64_t line_;
  bool csv_quotes_;
  size_t block_size_;
  bool eof_ = false;
};

}  // namespace retention
