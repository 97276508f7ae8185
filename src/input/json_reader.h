// JSON order input: an array of objects, or NDJSON (one object per line).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "input/byte_source.h"

namespace retention {

/// One object, flattened to key/value text. Numbers keep their exact text
/// ("19.990"), strings are unescaped, null is empty; nested values are
/// marked so the caller can reject them if it needs them, and the values
/// inside nested objects follow them as fields keyed by their path.
struct JsonRecord {
  struct Field {
    std::string_view key;
    std::string_view value;
    bool nested = false;    // an object or array
    bool number = false;    // a JSON number: its text has a decimal point, never a comma
    bool exponent = false;  // a number written with an exponent (1.2e+16), `value` expanded
    /// A value inside an object value, its key the path to it
    /// ("total.amount" for "total": {"amount": 5}); it follows the field
    /// of the object, which is there too, nested.
    bool inside = false;
    /// Where the value starts in the source.
    const char* at = nullptr;
    /// The line the value is on, in a JSON array (a pretty-printed one
    /// puts each on a line of its own, and a message points there, not at
    /// the object's first line); 0 in NDJSON, where it is the object's.
    int64_t line = 0;
  };
  std::vector<Field> fields;
  /// Values rewritten while reading (numbers in exponent form); the
  /// fields' views may point here.
  std::deque<std::string> scratch;
  /// Line where the object starts.
  int64_t line = 0;
  /// Whether values inside object values are fields too (Field::inside).
  /// Off for a file that reads no key inside an object: making them costs
  /// as much as reading the rest of an API's objects.
  bool flatten_objects = true;

  /// For the field at `index` holding an object: the path of a plain
  /// value inside it to suggest reading instead ("customer.id": its id
  /// first, else the first), or "" when none is among the fields.
  std::string_view PathInside(size_t index) const;
};

/// The shell command that writes what jq's `filter` makes of the JSON
/// file `file` to orders.ndjson (records.ndjson when that is `file`), one
/// object per line, for a message (a gzip file through zcat; the file
/// name quoted for the shell).
std::string JqCommand(const std::string& file, std::string_view filter);

/// A jq filter giving the records of an API response wherever they are:
/// the objects of its first array of objects ({"data": [...]}, {"orders":
/// [...]}), each edge's node for a GraphQL response.
inline constexpr std::string_view kJqRecordsInside =
    "first(.. | arrays | select(.[0] | type == \"object\"))[] | .node // .";

/// Calls `on_record` for every object, in order. Views in the record are
/// valid during the call only. Throws DataError for malformed JSON (with
/// the line), or when the top level is neither an array of objects nor
/// objects one per line.
/// `first_line` is the line number of the source's first byte (NDJSON cut
/// into blocks). An NDJSON line, or an object of a JSON array, longer than
/// `max_line` bytes is an error (FailRecordTooLong), found before more of
/// it is read. A JSON array is read in blocks of whole elements
/// (JsonArrayBlocks), not whole.
void ReadJson(ByteSource* source, bool ndjson,
              const std::function<void(const JsonRecord&)>& on_record, int64_t first_line = 1,
              size_t max_line = kDefaultMaxRecordBytes);

/// The objects of `bytes`, a block of JSON array elements written as an
/// array (JsonArrayBlocks) with kJsonPadding readable bytes after it, from
/// file `name`, the byte after its '[' on line `first_line` and column
/// `first_column` (RecordBlock). Throws as ReadJson does, at the line and
/// column where the element in question starts.
void ReadJsonArrayBlock(std::string_view bytes, const std::string& name, int64_t first_line,
                        int64_t first_column,
                        const std::function<void(const JsonRecord&)>& on_record,
                        bool flatten_objects = true);

/// Bytes that must be readable after a block for ReadJsonLines to parse
/// its lines in place (their values do not matter).
constexpr size_t kJsonPadding = 64;

/// The same for NDJSON already in memory: `bytes` from file `name`,
/// starting on line `first_line` (a block of a larger file). With
/// `padded`, kJsonPadding bytes after `bytes` may be read, and lines are
/// parsed where they are instead of copied.
void ReadJsonLines(std::string_view bytes, const std::string& name, int64_t first_line,
                   const std::function<void(const JsonRecord&)>& on_record, bool padded = false,
                   size_t max_line = kDefaultMaxRecordBytes, bool flatten_objects = true);

/// How ReadJsonLines reads the plain lines of a block first, by hand: each
/// one flat object alone on its line (blank lines around it), its keys and
/// strings without escapes, valid UTF-8, no control character, its numbers
/// without an exponent, no line of `max_line` bytes or more; the same
/// record as the reading through simdjson makes. Returns how many bytes
/// it read: whole lines, which advance `*line`. The line after them is
/// anything else, for the reading through simdjson, which finds what is
/// wrong with it or reads what is more. (Most exports' lines are plain,
/// and a scan costs a fraction of simdjson's two stages and its tape.)
/// kJsonPadding bytes after `bytes` must be readable: lines are scanned
/// 16 bytes at a time, past their end.
size_t ReadPlainJsonLines(std::string_view bytes, int64_t* line, size_t max_line,
                          JsonRecord* record,
                          const std::function<void(const JsonRecord&)>& on_record);

/// How ReadJsonLines reads a padded block: the lines at the start of
/// `bytes` (kJsonPadding bytes after it readable) in one simdjson pass over all of them (parsing
/// line by line spends as long starting each small document as reading it). Takes only lines that
/// reading line by line would take alike: one object on a line of its own, blank lines around it,
/// no line of `max_line` bytes or more. Calls `on_record` (with `record`, reused) for each, and
/// returns how many bytes it read: whole lines, which advance `*line`. The line after them, if any,
/// is for the line-by-line reading, which finds what is wrong with it or reads it; 0 when the pass
/// cannot start (a byte-order mark, bytes that are not JSON).
size_t ReadJsonLinesInOnePass(std::string_view bytes, int64_t* line, size_t max_line,
                              JsonRecord* record,
                              const std::function<void(const JsonRecord&)>& on_record);

}  // namespace retention
