#include "input/json_array_blocks.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <string>

#include "base/text.h"
#include "retention/error.h"

namespace retention {
namespace {

constexpr size_t kRead = 64 << 10;  // bytes read at a time, at least

bool Blank(const char* p, size_t n) {  // only JSON's white space
  return std::all_of(p, p + n, [](char c) { return IsJsonSpace(c); });
}

// Bytes a scan must stop at (true), as a table: most bytes of an array are
// none of them, and skipping runs of them in a tight loop made the cutting
// about four times faster than looking at each byte's every case.
using StopTable = std::array<bool, 256>;
constexpr StopTable Stops(std::string_view bytes) {
  StopTable table{};
  for (char c : bytes) table[static_cast<unsigned char>(c)] = true;
  return table;
}
constexpr StopTable kStopsInString = Stops("\"\\\n");
// Inside an element, where commas and blank space do not matter.
constexpr StopTable kStopsInElement = Stops("\"{}[]\n");

size_t Skip(const char* data, size_t from, size_t to, const StopTable& stops) {
  while (from < to && !stops[static_cast<unsigned char>(data[from])]) ++from;
  return from;
}

}  // namespace

JsonArrayBlocks::JsonArrayBlocks(ByteSource* source, size_t block_size, size_t max_element)
    : source_(source), block_size_(block_size), max_element_(max_element) {
  buffer_.resize(std::max<size_t>(block_size_ * 2, kRead));
}

void JsonArrayBlocks::Fail(int64_t line, int64_t column, const std::string& message) const {
  throw DataError(Location{source_->name(), line, column}, message);
}

bool JsonArrayBlocks::Fill() {
  if (at_end_) return false;
  // What is handed out is not needed again.
  if (start_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + start_, size_ - start_);
    size_ -= start_;
    base_ += start_;
    scanned_ -= start_;
    element_ -= start_;
    start_ = 0;
  }
  if (buffer_.size() - size_ < std::max<size_t>(block_size_ / 2, kRead)) {
    buffer_.resize(buffer_.size() * 2);
  }
  const size_t n = source_->Read(buffer_.data() + size_, buffer_.size() - size_);
  if (n == 0) at_end_ = true;
  size_ += n;
  return n > 0;
}

void JsonArrayBlocks::Give(size_t end, RecordBlock* block) {
  const size_t size = end - start_;
  if (block->capacity < size + 2) {
    block->data.reset(new char[size + 2 + kBlockPadding]);
    block->capacity = size + 2;
  }
  char* out = block->data.get();
  out[0] = '[';
  std::memcpy(out + 1, buffer_.data() + start_, size);
  out[size + 1] = ']';
  std::memset(out + size + 2, ' ', kBlockPadding);
  block->begin = out;
  block->size = size + 2;
  block->first_line = start_line_;
  block->first_column = start_column_;
}

bool JsonArrayBlocks::GiveThenFail(int64_t line, int64_t column, const std::string& message,
                                   RecordBlock* block) {
  pending_ = DataError(Location{source_->name(), line, column}, message);
  // The whole elements before the one being scanned (up to its comma).
  if (element_ > start_ && !Blank(buffer_.data() + start_, element_ - 1 - start_)) {
    Give(element_ - 1, block);
    start_ = element_;
    return true;
  }
  throw *pending_;
}

JsonArrayBlocks::Place JsonArrayBlocks::ElementStart() const {
  // Past the blank space after the '[' or comma.
  Place p{element_, element_line_, element_column_};
  for (; p.at < scanned_ && IsJsonSpace(buffer_[p.at]); ++p.at) {
    if (buffer_[p.at] == '\n') {
      ++p.line;
      p.column = 1;
    } else {
      ++p.column;
    }
  }
  return p;
}

void JsonArrayBlocks::CheckElementSize() const {
  if (scanned_ - element_ <= max_element_) return;
  const Place start = ElementStart();
  if (scanned_ - start.at <= max_element_) return;
  // Where the limit is passed: on the element's first line, its column
  // counts on from the element's.
  Place limit = start;
  for (size_t i = start.at; i < start.at + max_element_; ++i) {
    if (buffer_[i] == '\n') {
      ++limit.line;
      limit.column = 1;
    } else {
      ++limit.column;
    }
  }
  Fail(limit.line, limit.column,
       "the object that starts at line " + std::to_string(start.line) + ", column " +
           std::to_string(start.column) + " is longer than " + std::to_string(max_element_) +
           " bytes: a quote or bracket left open in it makes the rest of the file one object "
           "(close it), or raise the limit with --max-line-length BYTES");
}

void JsonArrayBlocks::ScanInElement() {
  // In locals, which the compiler keeps in registers: most of the bytes of
  // an array of objects are scanned here.
  const char* const data = buffer_.data();
  size_t i = scanned_;
  int depth = depth_;
  bool in_string = string_.in_string;
  bool escaped = string_.escaped;
  while (i < size_) {
    if (escaped) {
      escaped = false;
      if (data[i] == '\n') ++line_, line_start_ = base_ + i + 1;
      ++i;
      continue;
    }
    i = Skip(data, i, size_, in_string ? kStopsInString : kStopsInElement);
    if (i == size_) break;
    const char c = data[i];
    if (c == '\n') {
      ++line_;
      line_start_ = base_ + i + 1;
    } else if (in_string) {
      escaped = c == '\\';
      in_string = c != '"';
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (depth == 2) {
      break;  // what closes the element is Next's to see
    } else {
      --depth;
    }
    ++i;
  }
  scanned_ = i;
  depth_ = depth;
  string_.in_string = in_string;
  string_.escaped = escaped;
}

bool JsonArrayBlocks::Next(RecordBlock* block) {
  if (pending_) throw *pending_;
  // A byte-order mark is told at the start from its 3 bytes together.
  while (!opened_ && scanned_ == 0 && size_ < 3 && Fill()) {
  }
  for (;;) {
    if (scanned_ == size_ && !Fill()) {
      if (!opened_) {
        Fail(line_, Column(),
             "expected a JSON array of order objects ([{...}, ...]) or one object per line "
             "(NDJSON)");
      }
      if (!closed_ && (depth_ > 1 || string_.in_string)) {
        // Inside an object: one left open, or a file cut short in it.
        const Place start = ElementStart();
        return GiveThenFail(start.line, start.column,
                            "the file ends inside the object that starts here: a quote or "
                            "bracket in it may be left open (close it), or the file is cut "
                            "short (download or export it again)",
                            block);
      }
      if (!closed_) {
        return GiveThenFail(line_, Column(),
                            "the file ends inside the JSON array (no closing ']'): it may be cut "
                            "short; download or export it again",
                            block);
      }
      return false;
    }
    const char* const data = buffer_.data();
    if (!opened_ || closed_) {
      // Only blank space around the array (and a byte-order mark first).
      for (; scanned_ < size_; ++scanned_) {
        const char c = data[scanned_];
        if (c == '\n') ++line_, line_start_ = base_ + scanned_ + 1;
        if (IsJsonSpace(c)) continue;
        if (!opened_ && scanned_ == 0 && size_ >= 3 && std::memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
          scanned_ += 2;
          line_start_ = 3;  // an editor does not show it
          continue;
        }
        if (!opened_ && c == '[') {
          opened_ = true;
          depth_ = 1;
          start_ = element_ = scanned_ + 1;
          start_line_ = element_line_ = line_;
          start_column_ = element_column_ = Column() + 1;
          mark_ = '[';
          ++scanned_;
          break;
        }
        if (closed_) {
          Fail(line_, Column(),
               "more follows the JSON array here; a file holds one array of order objects "
               "(join the arrays into one, or write one object per line as NDJSON)");
        }
        Fail(line_, Column(),
             "expected a JSON array of order objects ([{...}, ...]) or one object per line "
             "(NDJSON)");
      }
      continue;
    }
    // In the array: only where its elements start and end matters here,
    // so strings are skipped and brackets counted.
    for (; scanned_ < size_; ++scanned_) {
      if (depth_ > 1) {
        ScanInElement();
        if (scanned_ == size_) break;
      }
      const char c = data[scanned_];
      if (c == '\n') ++line_, line_start_ = base_ + scanned_ + 1;
      if (string_.Consume(c)) continue;
      // A comma needs an element on each side.
      const char mark = mark_;
      if (depth_ == 1 && !IsJsonSpace(c)) mark_ = c;
      if (c == '"') {
        string_.in_string = true;
      } else if (c == '{' || c == '[') {
        ++depth_;
      } else if (c == '}' || c == ']') {
        if (--depth_ > 0) continue;
        if (c == '}')
          return GiveThenFail(line_, Column(), "malformed JSON: this '}' closes nothing", block);
        if (mark == ',') {
          return GiveThenFail(element_line_, comma_column_,
                              "malformed JSON: a comma before the array's ']' with no object "
                              "after it; remove the comma",
                              block);
        }
        CheckElementSize();
        closed_ = true;
        const size_t end = scanned_++;
        if (!Blank(data + start_, end - start_)) {
          Give(end, block);
          return true;
        }
        break;
      } else if (c == ',' && depth_ == 1) {
        if (mark == ',' || mark == '[') {
          return GiveThenFail(line_, Column(),
                              "malformed JSON: a comma with no object before it; remove it", block);
        }
        CheckElementSize();
        element_ = scanned_ + 1;
        element_line_ = line_;
        comma_column_ = Column();
        element_column_ = comma_column_ + 1;
        if (scanned_ - start_ >= block_size_) {
          Give(scanned_, block);
          start_ = element_;
          start_line_ = line_;
          start_column_ = comma_column_ + 1;
          ++scanned_;
          return true;
        }
      }
    }
    if (!closed_) CheckElementSize();
  }
}

}  // namespace retention
