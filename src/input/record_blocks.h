// Cuts a byte stream into blocks that end where a record ends, so blocks
// can be parsed independently (on different threads).
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "input/byte_source.h"

namespace retention {

/// Whole records of a file, and the line they start on. kBlockPadding
/// bytes after them may be read (with any value): parsers that read ahead
/// (simdjson) use the block in place.
constexpr size_t kBlockPadding = 64;
struct RecordBlock {
  const char* begin = nullptr;  // in `data`, or in the file's mapping
  size_t size = 0;
  int64_t first_line = 0;
  /// The column of the first byte on first_line (a JSON array's block: of
  /// the byte after the '[' it starts with), from 1.
  int64_t first_column = 1;
  std::unique_ptr<char[]> data;  // bytes read (not mapped)
  size_t capacity = 0;           // of `data`
  std::string_view bytes() const { return std::string_view(begin, size); }
};

class RecordBlocks {
 public:
  /// Blocks of `source`, which starts with the bytes `prefix` already read
  /// from it, on line `first_line`. `csv_quotes`: a newline inside a quoted
  /// CSV field does not end a record (for NDJSON, every newline does).
  /// A block grows to hold a record longer than `block_size`, but not past
  /// `max_record` bytes: that is an error (FailRecordTooLong). `eol` ends
  /// lines: '\r' in a file of old Mac lines (CsvReader::cr_lines).
  RecordBlocks(ByteSource* source, std::string_view prefix, int64_t first_line, bool csv_quotes,
               size_t block_size = 1 << 19, size_t max_record = kDefaultMaxRecordBytes,
               char eol = '\n');

  /// The next block; false at the end. The block's previous buffer is
  /// reused. A file that can be mapped (ByteSource::Mapping) is cut in
  /// place; the file's pages before the end of the block handed back (the
  /// oldest in flight) are then let go, so resident memory holds the
  /// blocks in flight, not the file.
  bool Next(RecordBlock* block);

 private:
  void Reserve(size_t capacity);
  bool NextMapped(RecordBlock* block);

  ByteSource* source_;
  std::unique_ptr<char[]> buffer_;
  size_t size_ = 0;
  size_t capacity_ = 0;
  int64_t line_;
  bool csv_quotes_;
  char eol_;
  size_t block_size_;
  size_t max_record_;
  bool eof_ = false;
  std::string_view mapping_;  // the whole file, when mapped
  size_t mapped_at_ = 0;      // the start of the next block in it
  size_t released_ = 0;       // its pages before this are let go
};

}  // namespace retention
