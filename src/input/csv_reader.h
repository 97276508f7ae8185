// A streaming RFC 4180 CSV reader: quoted fields with delimiters, doubled
// quotes and newlines inside, CRLF or LF line ends, a UTF-8 BOM. It keeps
// one buffer of input, so memory does not grow with the file.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "input/byte_source.h"

namespace retention {

class CsvReader {
 public:
  /// `delimiter` 0 detects ',', ';', '\t' or '|' from the first line; ' '
  /// splits on runs of spaces and tabs (leading and trailing ones ignored).
  /// `first_line` is the line number of the source's first byte, for a
  /// source that is a block cut from the middle of a file. A record longer
  /// than `max_record` bytes is an error (FailRecordTooLong), found before
  /// more of it is buffered.
  CsvReader(ByteSource* source, char delimiter, int64_t first_line = 1,
            size_t max_record = kDefaultMaxRecordBytes);
  /// Reads `bytes` in place (they must outlive the reader): a block of a
  /// file named `name` that starts on line `first_line`.
  CsvReader(std::string_view bytes, std::string name, char delimiter, int64_t first_line,
            size_t max_record = kDefaultMaxRecordBytes);

  /// Moves to the next record, skipping blank lines; false at the end.
  /// Throws DataError for an unterminated quote, text after a closing
  /// quote or a record longer than the limit.
  bool Next();

  /// Fields of the current record; views stay valid until the next Next().
  size_t field_count() const { return fields_.size(); }
  std::string_view field(size_t i) const { return fields_[i].text; }
  /// Physical line (1-based) where field i starts.
  int64_t field_line(size_t i) const { return fields_[i].line; }
  /// Character column (1-based) where field i starts within its line.
  int64_t field_column(size_t i) const { return fields_[i].column; }
  /// Line where the current record starts.
  int64_t line() const { return record_line_; }
  /// The delimiter in use (after detection).
  char delimiter() const { return delimiter_; }
  /// Bytes read from the source but not parsed yet, and the line they
  /// start on: where a block splitter takes over after the header.
  std::string_view unparsed() const { return std::string_view(data_ + begin_, end_ - begin_); }
  int64_t unparsed_line() const { return line_; }
  /// Whether the unparsed bytes are all that is left of the input.
  bool read_to_end() const { return eof_; }
  /// The name of the input, for messages.
  const std::string& name() const { return name_; }
  /// Whether lines end in a lone '\r' (old Mac files). A reader of a whole
  /// source finds it from the first line break; a reader of a block is told.
  bool cr_lines() const { return cr_lines_; }
  void set_cr_lines(bool cr_lines) { cr_lines_ = cr_lines; }
  /// In a file whose lines end in '\n', a lone '\r' outside quotes still
  /// ends a record (as spreadsheets read it) but not the line: the column of
  /// the one that ended the current record or the record before it on the
  /// same line, else 0. A field count off by it names it.
  int64_t stray_cr_column() const { return stray_cr_column_; }
  /// Whether it was such a '\r' that ended the current record.
  bool ends_at_stray_cr() const { return carried_cr_column_ != 0; }

 private:
  struct Field {
    std::string_view text;  // quotes stripped; doubled quotes collapsed by Next()
    int64_t line;
    int32_t column;
    bool unescape;  // quoted, with doubled quotes inside
  };
  enum class Parse { kRecord, kBlank, kNeedMore };

  Parse ParseRecord();
  bool Fill();
  void DetectDelimiter();
  [[noreturn]] void Fail(int64_t line, int64_t column, const std::string& message) const;

  ByteSource* source_;  // null when reading bytes in place
  std::string name_;
  char delimiter_;
  size_t max_record_;
  std::vector<char> buffer_;
  const char* data_ = nullptr;  // buffer_.data(), or the bytes read in place
  size_t begin_ = 0;            // start of unparsed input
  size_t end_ = 0;              // end of valid bytes
  bool eof_ = false;
  bool started_ = false;
  int64_t line_ = 1;  // physical line at begin_
  int64_t record_line_ = 0;
  std::vector<Field> fields_;
  bool unescape_ = false;  // some field of the record holds doubled quotes
  bool cr_lines_ = false;
  int64_t stray_cr_column_ = 0;
  // A lone '\r' ended the last record mid-line: its column, and the column
  // before begin_ on that line.
  int64_t carried_cr_column_ = 0;
  int64_t carried_shift_ = 0;
  std::string unescaped_;
};

/// The end of a field-count message for a record that a stray '\r' cut
/// (CsvReader::stray_cr_column): names it and the two ways out.
std::string StrayCrHint(int64_t column);

}  // namespace retention
