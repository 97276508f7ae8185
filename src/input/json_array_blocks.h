// Cuts a JSON array of objects ([{...}, {...}]) into blocks of whole
// elements, so that a large array parses on every core and memory holds
// the blocks in flight, not the file (an array is one JSON document, which
// a JSON parser would otherwise read whole).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "input/byte_source.h"
#include "input/record_blocks.h"
#include "retention/error.h"

namespace retention {

/// Where a scan of JSON text is with respect to strings, for scanners that
/// only count brackets: they must not count those inside a string.
struct JsonStringState {
  bool in_string = false;
  bool escaped = false;
  /// Takes byte `c` when inside a string (its closing quote included):
  /// true then. The opening quote is the caller's to see and set.
  bool Consume(char c) {
    if (!in_string) return false;
    if (escaped) {
      escaped = false;
    } else if (c == '\\') {
      escaped = true;
    } else if (c == '"') {
      in_string = false;
    }
    return true;
  }
};

class JsonArrayBlocks {
 public:
  /// Blocks of the array that `source` holds. A block is about
  /// `block_size` bytes of whole elements, written as an array of its own
  /// ("[" + elements + "]", kBlockPadding readable bytes after it); its
  /// first_line and first_column are where its elements' text starts in the
  /// input (just after the '[' or the comma before them). An element longer
  /// than `max_element` bytes is an error (FailRecordTooLong).
  JsonArrayBlocks(ByteSource* source, size_t block_size = size_t{1} << 19,
                  size_t max_element = kDefaultMaxRecordBytes);

  /// The next block; false at the end. Throws DataError, once the blocks
  /// and whole elements before have been handed out, when the input is not
  /// one array (text before it or after it, brackets that do not balance),
  /// when it ends before the array does (a file cut short), or for a comma
  /// with no element after it. What is wrong inside an element is for the parser
  /// of the block to find.
  bool Next(RecordBlock* block);

 private:
  // Reads more input after what is buffered; false at its end.
  bool Fill();
  // Hands out the elements from start_ to `end` as `block`.
  void Give(size_t end, RecordBlock* block);
  [[noreturn]] void Fail(int64_t line, int64_t column, const std::string& message) const;
  // The column of the byte at scanned_ (from 1, in bytes, after a
  // byte-order mark).
  int64_t Column() const { return static_cast<int64_t>(base_ + scanned_ - line_start_) + 1; }
  // Fails at `line` with `message`, but first hands out the whole elements
  // before the one being scanned, if any (true): rows before a problem are
  // read first, as everywhere; the next call throws.
  bool GiveThenFail(int64_t line, int64_t column, const std::string& message, RecordBlock* block);
  // Scans inside an element (depth_ > 1) up to the byte that closes it
  // back to the array's level, or to the end of what is buffered.
  void ScanInElement();
  // Fails when the element being scanned is longer than allowed.
  void CheckElementSize() const;
  // Where the element being scanned starts: its first byte, not blank.
  struct Place {
    size_t at;  // in buffer_
    int64_t line, column;
  };
  Place ElementStart() const;

  ByteSource* source_;
  size_t block_size_;
  size_t max_element_;
  std::vector<char> buffer_;
  size_t size_ = 0;                   // bytes buffered
  size_t scanned_ = 0;                // of them, scanned
  size_t start_ = 0;                  // where the elements not handed out start
  size_t element_ = 0;                // where the element being scanned starts
  int64_t line_ = 1;                  // of the byte at scanned_
  int64_t start_line_ = 1;            // of the byte at start_
  int64_t start_column_ = 1;          // of the byte at start_
  int64_t element_line_ = 1;          // of the byte at element_
  int64_t comma_column_ = 0;          // of the comma before element_, if any
  int64_t element_column_ = 1;        // of the byte at element_
  uint64_t base_ = 0;                 // where buffer_ starts in the input
  uint64_t line_start_ = 0;           // where line_ starts in the input
  bool at_end_ = false;               // of the input
  bool opened_ = false;               // the array's '[' was met
  bool closed_ = false;               // and its ']'
  char mark_ = 0;                     // the last byte, not blank, at the array's own level
  std::optional<DataError> pending_;  // to throw at the next call
  int depth_ = 0;
  JsonStringState string_;
};

}  // namespace retention
