// Reads JSON input, an array of objects or NDJSON, into flat records.
// Kept whole: both shapes share the flattening of an object, the checks
// of its values and the error paths, which must say the same of the same
// mistake whichever shape, thread or block it is met in.
#include "input/json_reader.h"

#include <simdjson.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <unordered_set>

#include "base/text.h"
#include "base/utf8.h"
#include "input/json_array_blocks.h"
#include "input/json_syntax.h"
#include "retention/error.h"

namespace retention {
std::string_view JsonRecord::PathInside(size_t index) const {
  // The values inside an object follow it, keyed by their paths.
  const std::string_view name = fields[index].key;
  std::string_view found;
  for (size_t i = index + 1; i < fields.size() && fields[i].inside; ++i) {
    const std::string_view key = fields[i].key;
    if (fields[i].nested || key.size() <= name.size() || key.substr(0, name.size()) != name ||
        key[name.size()] != '.') {
      continue;
    }
    if (found.empty() || key.substr(name.size() + 1) == "id") found = key;
  }
  return found;
}

std::string JqCommand(const std::string& file, std::string_view filter) {
  // Never the file it reads: the shell empties the output first.
  const size_t slash = file.find_last_of('/');
  const bool taken = file.substr(slash == std::string::npos ? 0 : slash + 1) == "orders.ndjson";
  return CommandOn(file, "jq -c '" + std::string(filter) + "'",
                   taken ? "records.ndjson" : "orders.ndjson");
}

namespace {

namespace od = simdjson::ondemand;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' ||
                        s.back() == '\t' || s.back() == ','))
    s.remove_suffix(1);
  return s;
}

// "1.5E+2" -> "150": JSON numbers may use an exponent; the money parser
// takes plain decimals, so the point is moved in the text, exactly.
// Returns false when the exponent is absurd (the parser then rejects the
// original text).
bool ExpandExponent(std::string_view number, std::string* out) {
  // Most numbers have no exponent: one cheap pass (find_first_of calls
  // memchr per character).
  size_t e = 0;
  while (e < number.size() && number[e] != 'e' && number[e] != 'E') ++e;
  if (e == number.size()) return false;
  std::string_view mantissa = number.substr(0, e);
  long exponent = std::strtol(std::string(number.substr(e + 1)).c_str(), nullptr, 10);
  if (exponent < -30 || exponent > 30) return false;
  std::string sign;
  if (!mantissa.empty() && mantissa[0] == '-') {
    sign = "-";
    mantissa.remove_prefix(1);
  }
  size_t dot = mantissa.find('.');
  std::string digits(mantissa.substr(0, dot));
  long point = static_cast<long>(digits.size());
  if (dot != std::string_view::npos) digits += mantissa.substr(dot + 1);
  point += exponent;
  if (point <= 0) {
    digits.insert(0, static_cast<size_t>(-point) + 1, '0');
    point = 1;
  } else if (point > static_cast<long>(digits.size())) {
    digits.append(static_cast<size_t>(point) - digits.size(), '0');
  }
  *out = sign + digits.substr(0, static_cast<size_t>(point));
  if (static_cast<size_t>(point) < digits.size()) {
    *out += "." + digits.substr(static_cast<size_t>(point));
  }
  return true;
}

// The text of the JSON string whose characters run from `chars` (just
// past its opening quote) to `end` (its closing quote), when it holds no
// escape; else a null view. The parser has checked the string is whole and
// valid UTF-8. (Its end is known from the structural characters around
// it, which spares looking for the quote a byte at a time with a branch
// the processor cannot guess at every string's end.) `escapes`: whether
// the object may hold any; most hold none, and then nothing is searched.
std::string_view Unescaped(const char* chars, const char* end, bool escapes) {
  const auto size = static_cast<size_t>(end - chars);
  if (escapes && std::memchr(chars, '\\', size) != nullptr) return std::string_view();
  return std::string_view(chars, size);
}

// The closing quote of the string token `token` (a raw token runs on to
// the next structural character, so spaces may follow the quote).
const char* ClosingQuote(std::string_view token) {
  const char* end = token.data() + token.size() - 1;
  while (IsJsonSpace(*end)) --end;
  return end;
}

// The first byte after the array or object that starts at `at`, a value
// simdjson has checked only as far as skipping it needs: its brackets, and
// its strings whole.
const char* AfterNested(const char* at) {
  int depth = 0;
  for (;; ++at) {
    const char c = *at;
    if (c == '"') {
      for (++at; *at != '"'; ++at) {
        if (*at == '\\') ++at;
      }
    } else if (c == '[' || c == '{') {
      ++depth;
    } else if ((c == ']' || c == '}') && --depth == 0) {
      return at + 1;
    }
  }
}

// A value simdjson told by its first byte that is not whole ("05",
// "0x1F", "tru"; it checks the rest only when the value is read): where it
// starts, and what to say of it.
struct BadJsonValue : simdjson::simdjson_error {
  BadJsonValue(const char* at, std::string message)
      : simdjson::simdjson_error(simdjson::NUMBER_ERROR), at(at), message(std::move(message)) {}
  const char* at;
  std::string message;
};

// Throws BadJsonValue unless `token`, the value of `key` of `type`
// (number, boolean or null), is one whole.
void CheckWhole(od::json_type type, std::string_view token, std::string_view key) {
  const bool number = type == od::json_type::number;
  if (number ? IsJsonNumber(token)
             : token == "null" ||
                   (type == od::json_type::boolean && (token == "true" || token == "false"))) {
    return;
  }
  throw BadJsonValue(token.data(),
                     "malformed JSON: the value of \"" + InputExcerpt(key, 40) + "\", " +
                         InputExcerpt(token, 20) +
                         (number ? ", is no JSON number; write a plain number (12.5, -3, 1e5)"
                                 : ", is no JSON value; write true, false or null") +
                         ", or put it in quotes as text");
}

// Objects inside objects are flattened this deep; deeper ones stay one
// nested value.
constexpr int kFlattenDepth = 8;

void FlattenInside(std::string_view text, size_t field, JsonRecord* record, int depth);

// Appends the fields of `object` to `record`, each object value followed
// by the values inside it (FlattenInside), `depth` objects down. Throws
// simdjson_error on bad JSON. `escapes`: false when the object's text
// holds no backslash. Returns where its last value ends (the first byte
// after it), or null for an object without any.
const char* FlattenFields(od::object object, JsonRecord* record, bool escapes, int depth) {
  const char* last_end = nullptr;
  bool last_nested = false;
  for (auto field : object) {
    // Filled in place: a Field built on the stack and pushed is written
    // in pieces and read back whole, which stalls the copy.
    JsonRecord::Field& out = record->fields.emplace_back();
    // Most keys and string values have no escapes: their text is read in
    // place, and only the others are copied out unescaped.
    const char* const key = field.key().value().raw();
    od::value value = field.value();
    // The key's closing quote: before the value's first byte come the
    // colon and perhaps spaces. (The token is only where the value starts:
    // nothing is checked yet, so a bad key is found before a bad value,
    // as when the key was read up to its quote.)
    out.at = value.raw_json_token().data();
    const char* key_end = out.at - 1;
    while (IsJsonSpace(*key_end)) --key_end;
    --key_end;  // the colon
    while (IsJsonSpace(*key_end)) --key_end;
    out.key = Unescaped(key, key_end, escapes);
    if (out.key.data() == nullptr) out.key = field.unescaped_key();
    const od::json_type type = value.type();
    switch (type) {
      case od::json_type::string: {
        std::string_view token = value.raw_json_token();
        const char* quote = ClosingQuote(token);
        out.value = Unescaped(token.data() + 1, quote, escapes);
        if (out.value.data() == nullptr) out.value = value.get_string();
        last_end = quote + 1;
        break;
      }
      case od::json_type::number: {
        out.number = true;
        out.value = Trim(value.raw_json_token());
        CheckWhole(type, out.value, out.key);
        last_end = out.value.data() + out.value.size();
        std::string expanded;
        if (ExpandExponent(out.value, &expanded)) {
          record->scratch.push_back(std::move(expanded));
          out.value = record->scratch.back();
          out.exponent = true;
        }
        break;
      }
      case od::json_type::boolean:
        out.value = Trim(value.raw_json_token());
        CheckWhole(type, out.value, out.key);
        last_end = out.value.data() + out.value.size();
        break;
      case od::json_type::null:
        CheckWhole(type, Trim(value.raw_json_token()), out.key);
        last_end = Trim(value.raw_json_token()).end();
        break;
      case od::json_type::object:
      case od::json_type::array: {
        out.nested = true;
        last_end = value.raw_json_token().data();  // where it starts, for now
        // Skipped, the value is measured by counting brackets alone: [1},
        // [tru] or {"a" 1} would pass, and a bracket closed by the wrong
        // kind end it early, what follows read as the object's own keys.
        // Its text is held to the grammar instead.
        std::string_view text;
        if (type == od::json_type::object) {
          od::object nested = value.get_object();
          text = nested.raw_json();
        } else {
          od::array nested = value.get_array();
          text = nested.raw_json();
        }
        // Inside an object flattened (depth above 0), the text was held
        // to the grammar with the object's.
        if (auto syntax = depth == 0 ? FindJsonSyntaxError(text, out.key) : std::nullopt) {
          throw BadJsonValue(text.data() + syntax->at, "malformed JSON: " + syntax->message);
        }
        if (type == od::json_type::object && depth < kFlattenDepth && record->flatten_objects) {
          FlattenInside(text, record->fields.size() - 1, record, depth + 1);
        }
        break;
      }
    }
    last_nested = type == od::json_type::object || type == od::json_type::array;
  }
  if (last_nested) return AfterNested(last_end);
  return last_end;
}

// Flattens one object into `record` (FlattenFields).
const char* Flatten(od::object object, JsonRecord* record, bool escapes = true) {
  record->fields.clear();
  record->scratch.clear();
  return FlattenFields(object, record, escapes, 0);
}

// Appends the values inside the object `text` (held to the grammar
// already), the value of record->fields[field], as fields of their own
// whose keys are their path ("total": {"amount": 5} gives "total.amount"):
// exports from APIs nest their money so (Shopify's GraphQL, JSON:API's
// "attributes"), and a person names such a value as jq's paths do. The
// text is parsed from a padded copy, by a parser of this depth (the one
// of the object around it is still reading); the fields point into the
// source as the others do, or into record->scratch.
void FlattenInside(std::string_view text, size_t field, JsonRecord* record, int depth) {
  struct Reader {
    od::parser parser;
    std::string copy;
    JsonRecord inner;
    std::string path;
  };
  // The paths, kept while the thread reads: records repeat them (made for
  // each key of each record, their allocations were a fifth of the
  // profile of reading API objects). Past this many (keys that are data),
  // made per record.
  thread_local std::unordered_set<std::string> paths;
  constexpr size_t kMaxPaths = 1 << 16;
  thread_local std::unique_ptr<Reader> readers[kFlattenDepth];  // depth 1 first
  std::unique_ptr<Reader>& reader = readers[depth - 1];
  if (reader == nullptr) reader = std::make_unique<Reader>();
  reader->copy.assign(text.data(), text.size());
  reader->copy.append(simdjson::SIMDJSON_PADDING, ' ');
  JsonRecord& inner = reader->inner;
  inner.fields.clear();
  inner.scratch.clear();
  const char* const copy = reader->copy.data();
  // Where a byte of the copy is in the source; whether a view is in the
  // copy (compared as addresses: the views may point anywhere).
  auto source = [&](const char* p) { return text.data() + (p - copy); };
  auto in_copy = [&](const char* p) {
    const auto at = reinterpret_cast<uintptr_t>(p), from = reinterpret_cast<uintptr_t>(copy);
    return at >= from && at < from + text.size();
  };
  try {
    od::document doc = reader->parser.iterate(copy, text.size(), reader->copy.size());
    FlattenFields(doc.get_object(), &inner, std::memchr(copy, '\\', text.size()) != nullptr, depth);
  } catch (BadJsonValue& e) {
    e.at = source(e.at);
    throw;
  }
  const std::string_view prefix = record->fields[field].key;
  for (JsonRecord::Field f : inner.fields) {
    std::string& path = reader->path;
    path.assign(prefix).append(1, '.').append(f.key);
    auto known = paths.find(path);
    if (known == paths.end() && paths.size() < kMaxPaths) known = paths.insert(path).first;
    if (known != paths.end()) {
      f.key = *known;
    } else {
      record->scratch.push_back(path);
      f.key = record->scratch.back();
    }
    if (in_copy(f.value.data())) {
      f.value = std::string_view(source(f.value.data()), f.value.size());
    } else if (!f.value.empty()) {  // unescaped by the parser, or expanded
      record->scratch.emplace_back(f.value);
      f.value = record->scratch.back();
    }
    f.at = source(f.at);
    f.inside = true;
    record->fields.push_back(f);
  }
}

void ReadArray(ByteSource* source, const std::function<void(const JsonRecord&)>& on_record,
               size_t max_element) {
  JsonArrayBlocks blocks(source, size_t{1} << 19, max_element);
  RecordBlock block;
  while (blocks.Next(&block)) {
    ReadJsonArrayBlock(block.bytes(), source->name(), block.first_line, block.first_column,
                       on_record);
  }
}

// Parses the one object of the `size` bytes at `json` (readable up to
// `capacity`) into `record`; false, with what is wrong in *problem and the
// byte it starts at (from 0) in *at, when they are not one object.
// What simdjson's "The input is not valid UTF-8" means, at the byte
// `text[bad]`: a whole file refused for one byte needs the byte named.
std::string InvalidUtf8Message(std::string_view text, size_t bad) {
  return "invalid UTF-8: \"" + InputExcerpt(text.substr(bad, 8)) +
         "\" starts with a byte that is no UTF-8 character, and JSON is UTF-8 throughout "
         "(any key's value); save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)";
}

// What is left open at the end of `text`, one NDJSON line: a string (and
// the byte it starts at, in *at) or an object or array (*at its end); ""
// when every one is closed. A line cut short, or an object written over
// several lines, is the usual cause of a line that is no object.
std::string Unclosed(std::string_view text, size_t* at) {
  std::string open;  // the closing brackets owed, innermost last
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      const size_t start = i;
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        if (text[i] == '\\') ++i;
      }
      if (i >= text.size()) {
        *at = start;
        return "the string that starts here is never closed (a '\"' is missing); the line may "
               "be cut short, or the string runs over several lines: write each object on one "
               "line, with a newline inside a string as \\n";
      }
    } else if (c == '{' || c == '[') {
      open.push_back(c == '{' ? '}' : ']');
    } else if (c == '}' || c == ']') {
      // A closer of the wrong kind is a typo inside the line, not a line
      // cut short: the parser's message says more.
      if (open.empty() || open.back() != c) return "";
      open.pop_back();
    }
  }
  if (open.empty()) return "";
  *at = text.size();
  // A line nested a thousand deep would make a message of its closers.
  const std::string missing = open.size() <= 8
                                  ? std::string(open.rbegin(), open.rend())
                                  : std::string(open.rbegin(), open.rbegin() + 4) + "...', " +
                                        std::to_string(open.size()) + " closers in all, '" +
                                        std::string(1, open.front());
  return "the line ends before its " + std::string(open.front() == '}' ? "object" : "array") +
         " is closed ('" + missing +
         "' missing); the line may be cut short, or the object runs over several lines: write "
         "each object on one line (jq -c . rewrites a file so)";
}

bool ParseObject(const char* json, size_t size, size_t capacity, od::parser* parser,
                 JsonRecord* record, std::string* problem = nullptr, size_t* at = nullptr) {
  // A line left open says so, where it ends, rather than what the
  // parser made of it.
  auto unclosed = [&] {
    size_t where = 0;
    std::string open = problem != nullptr ? Unclosed(std::string_view(json, size), &where) : "";
    if (open.empty()) return false;
    *problem = std::move(open);
    if (at) *at = where;
    return true;
  };
  try {
    od::document doc = parser->iterate(json, size, capacity);
    od::object object;
    // Anything after the object is refused too: a second object on the
    // line would be lost.
    if (doc.get_object().get(object) != simdjson::SUCCESS) {
      if (problem && !unclosed()) {
        *problem =
            "expected one JSON object ({...}) per line; write each record as "
            "{\"key\": value, ...} on a line of its own";
      }
      return false;
    }
    Flatten(object, record);
    const char* after = nullptr;
    if (doc.current_location().get(after) == simdjson::SUCCESS) {
      if (problem) {
        *problem =
            "expected one JSON object ({...}) per line, but more follows it here; put each "
            "object on a line of its own";
        *at = static_cast<size_t>(after - json);
      }
      return false;
    }
    return true;
  } catch (const simdjson::simdjson_error& e) {
    if (const auto* bad = dynamic_cast<const BadJsonValue*>(&e)) {
      if (problem) *problem = bad->message;
      if (at) *at = static_cast<size_t>(bad->at - json);
      return false;
    }
    if (problem && !unclosed()) {
      *problem = std::string("malformed JSON on this line: ") + simdjson::error_message(e.error());
      const std::string_view text(json, size);
      if (auto syntax = FindJsonSyntaxError(text)) {
        *problem = "malformed JSON: " + syntax->message;
        if (at) *at = syntax->at;
      }
      if (const size_t bad = InvalidUtf8At(text);
          e.error() == simdjson::UTF8_ERROR && bad != std::string_view::npos) {
        *problem = InvalidUtf8Message(text, bad);
        if (at) *at = bad;
      }
    }
    return false;
  }
}

// Parses one NDJSON line (its newline removed) into `record` and hands it
// on; blank lines are skipped. `readable`: bytes from the line's start
// that may be read (at least kJsonPadding past its end to parse it in
// place); else it is copied into `padded`.
void ParseLine(std::string_view text, size_t readable, int64_t line, const std::string& name,
               od::parser* parser, std::vector<char>* padded, JsonRecord* record,
               const std::function<void(const JsonRecord&)>& on_record) {
  const char* const start = text.data();
  if (line == 1 && text.size() >= 3 && std::memcmp(text.data(), "\xEF\xBB\xBF", 3) == 0) {
    text.remove_prefix(3);
  }
  // Columns count from after a byte-order mark, as the CSV reader's do: an
  // editor does not show it.
  const char* const column_one = text.data();
  while (!text.empty() && (text.back() == '\r' || text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  const size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return;
  // simdjson reads a little past the end of what it parses (whatever is
  // there).
  static_assert(kJsonPadding >= simdjson::SIMDJSON_PADDING, "simdjson reads further");
  record->line = line;
  const size_t capacity = readable - static_cast<size_t>(text.data() - start);
  if (capacity < text.size() + simdjson::SIMDJSON_PADDING ||
      !ParseObject(text.data(), text.size(), capacity, parser, record)) {
    // Copied with zeros after it: what simdjson makes of a bad line must
    // not depend on the bytes that follow it in the file.
    padded->assign(text.begin(), text.end());
    padded->resize(text.size() + simdjson::SIMDJSON_PADDING);
    std::string problem;
    size_t at = 0;
    if (!ParseObject(padded->data(), text.size(), padded->size(), parser, record, &problem, &at)) {
      // Where more follows the object, else where the line's value starts
      // (what is wrong with it, simdjson does not say where).
      size_t column = static_cast<size_t>(text.data() - column_one) + (at != 0 ? at : first);
      // A pretty-printed document: an API's response, its records in an
      // array under a key.
      if (TrimSpaces(text) == "{") {
        column = static_cast<size_t>(text.data() - column_one) + first;
        problem =
            "this line holds only \"{\": the file is JSON written over many lines, not one "
            "object per line; if it is one object holding the records in an array (an API "
            "response: {\"data\": [...]}, {\"orders\": [...]}, a GraphQL response's edges), "
            "take them out: " +
            JqCommand(name, kJqRecordsInside) +
            "; if it is records written over many lines, put each on one: " + JqCommand(name, ".");
      }
      throw DataError(Location{name, line, static_cast<int64_t>(column) + 1}, problem);
    }
  }
  on_record(*record);
}

void ReadLines(ByteSource* source, const std::function<void(const JsonRecord&)>& on_record,
               int64_t first_line, size_t max_line) {
  od::parser parser;
  JsonRecord record;
  std::vector<char> buffer(1 << 20);
  size_t begin = 0, end = 0;
  bool eof = false;
  int64_t line = first_line - 1;
  std::vector<char> padded;
  for (;;) {
    // Find the next full line, refilling the buffer as needed.
    const char* newline = nullptr;
    while ((newline = static_cast<const char*>(
                std::memchr(buffer.data() + begin, '\n', end - begin))) == nullptr &&
           !eof) {
      if (end - begin > max_line) {
        FailRecordTooLong(source->name(), std::string_view(buffer.data() + begin, end - begin),
                          line + 1, max_line);
      }
      if (begin > 0) {
        std::memmove(buffer.data(), buffer.data() + begin, end - begin);
        end -= begin;
        begin = 0;
      }
      if (end == buffer.size()) buffer.resize(buffer.size() * 2);
      size_t n = source->Read(buffer.data() + end, buffer.size() - end);
      if (n == 0) eof = true;
      end += n;
    }
    if (begin == end && eof) break;
    size_t stop = newline ? static_cast<size_t>(newline - buffer.data()) : end;
    if (stop - begin >= max_line) {
      FailRecordTooLong(source->name(), std::string_view(buffer.data() + begin, end - begin),
                        line + 1, max_line);
    }
    std::string_view text(buffer.data() + begin, stop - begin);
    begin = newline ? stop + 1 : end;
    ParseLine(text, text.size(), ++line, source->name(), &parser, &padded, &record, on_record);
  }
}

}  // namespace

size_t ReadJsonLinesInOnePass(std::string_view bytes, int64_t* line, size_t max_line,
                              JsonRecord* record,
                              const std::function<void(const JsonRecord&)>& on_record) {
  // Kept per thread: a pass needs room in proportion to the block, which
  // would be allocated (and its fresh pages zeroed) again for every block.
  thread_local od::parser parser;
  const char* const text = bytes.data();
  size_t done = 0;  // the start of the first line not read
  auto blank = [&](size_t from, size_t to) {
    for (size_t i = from; i < to; ++i) {
      if (!IsJsonSpace(text[i])) return false;
    }
    return true;
  };
  // The line breaks of the blank space from `done` to `to` (an object's
  // start, or the end), the start of the last line in *line_start; -1 when
  // something else is there, or a line as long as the limit.
  auto blank_lines = [&](size_t to, size_t* line_start) -> int64_t {
    if (!blank(done, to)) return -1;
    int64_t breaks = 0;
    *line_start = done;
    for (size_t i = done; i < to; ++i) {
      if (text[i] != '\n') continue;
      if (i - *line_start >= max_line) return -1;
      ++breaks;
      *line_start = i + 1;
    }
    return to - *line_start < max_line ? breaks : -1;
  };
  // The same room for blocks of about the same size: simdjson allocates
  // anew whenever it changes.
  size_t room = 4096;
  while (room < bytes.size()) room *= 2;
  od::document_stream stream;
  if (parser.iterate_many(text, bytes.size(), room).get(stream)) {
    return 0;
  }
  // Any line the pass does not take ends it there (return done), with
  // *line still that line's number.
  try {
    for (auto it = stream.begin(); it != stream.end(); ++it) {
      if (it.error()) return done;
      const size_t start = it.current_index();
      size_t line_start = done;
      const int64_t breaks = start < done || start >= bytes.size() || text[start] != '{'
                                 ? -1
                                 : blank_lines(start, &line_start);
      if (breaks < 0) return done;
      // The end of its line, which must hold the object alone.
      const char* newline =
          static_cast<const char*>(std::memchr(text + start, '\n', bytes.size() - start));
      const size_t end = newline ? static_cast<size_t>(newline - text) : bytes.size();
      if (end - line_start >= max_line) return done;
      od::object fields;
      auto doc = *it;
      if (doc.get_object().get(fields) != simdjson::SUCCESS) return done;
      const char* last =
          Flatten(fields, record, std::memchr(text + start, '\\', end - start) != nullptr);
      // After the last value: the object's closing brace, then only spaces
      // up to the line's end.
      const char* after = last != nullptr ? last : text + start + 1;
      while (after < text + end && IsJsonSpace(*after)) ++after;
      if (after >= text + end || *after != '}' || !blank(after + 1 - text, end)) return done;
      *line += breaks;
      record->line = *line;
      on_record(*record);
      ++*line;
      done = std::min(end + 1, bytes.size());
    }
  } catch (const simdjson::simdjson_error&) {
    return done;
  }
  if (stream.truncated_bytes() != 0) return done;
  // Blank lines after the last object.
  size_t line_start = done;
  return blank_lines(bytes.size(), &line_start) >= 0 ? bytes.size() : done;
}

namespace {

void ReadElementByElement(std::string_view bytes, const std::string& name, int64_t line,
                          int64_t first_column,
                          const std::function<void(const JsonRecord&)>& on_record,
                          bool flatten_objects);

// ReadJsonArrayBlock; with `split`, a block simdjson refuses whole is read
// element by element.
void ReadArrayBlock(std::string_view bytes, const std::string& name, int64_t first_line,
                    int64_t first_column, const std::function<void(const JsonRecord&)>& on_record,
                    bool split, bool flatten_objects) {
  // Kept per thread: it grows to the largest block once.
  thread_local od::parser parser;
  JsonRecord record;
  record.flatten_objects = flatten_objects;
  const char* counted = bytes.data();  // newlines are counted up to here
  int64_t line = first_line;
  // Where column 1 of `line` would be in `bytes` (before them on the
  // block's first line, whose '[' the cutter added).
  const char* line_start = bytes.data() + 1 - (first_column - 1);
  // Where the element being read starts, for its errors.
  int64_t element_column = 0;
  auto locate = [&](const char* where) {
    if (where < counted) return;
    // Counted at once, and the last line's start looked for from the end
    // (a branch per byte costs more than the counting).
    if (const auto breaks = std::count(counted, where, '\n'); breaks > 0) {
      line += breaks;
      line_start =
          static_cast<const char*>(memrchr(counted, '\n', static_cast<size_t>(where - counted))) +
          1;
    }
    counted = where;
    record.line = line;
    element_column = where - line_start + 1;
  };
  auto fail = [&](const std::string& message) {
    const Location at = record.line != 0 ? Location{name, record.line, element_column}
                                         : Location{name, first_line, first_column};
    throw DataError(at, message);
  };
  bool refused = false;
  const char* element = nullptr;  // where the element being read starts
  try {
    auto result = parser.iterate(bytes.data(), bytes.size(), bytes.size() + kJsonPadding);
    refused = split && result.error() != simdjson::SUCCESS;
    if (!refused) {
      od::document doc = std::move(result).value();
      od::array array;
      if (doc.get_array().get(array) != simdjson::SUCCESS) {
        fail("expected a JSON array of order objects ([{...}, ...])");
      }
      for (auto value : array) {
        const char* where = nullptr;
        if (doc.current_location().get(where) == simdjson::SUCCESS) locate(where);
        element = where;
        od::object object;
        if (value.get_object().get(object) != simdjson::SUCCESS) {
          // "{...}\n{...}": the object is there, the comma before it is not.
          const bool comma_missing = where != nullptr && *where == '{';
          fail(comma_missing ? "a comma is missing before this object: write the array as "
                               "[{...}, {...}, ...]"
                             : "expected an object ({...}) for each order in the array");
        }
        Flatten(object, &record);
        // Each value's line: one pass over the object, its fields in order.
        int64_t value_line = record.line;
        const char* counted_to = where;
        for (JsonRecord::Field& f : record.fields) {
          if (counted_to != nullptr && f.at >= counted_to) {
            value_line += std::count(counted_to, f.at, '\n');
            counted_to = f.at;
          }
          f.line = value_line;
        }
        on_record(record);
      }
    }
  } catch (const simdjson::simdjson_error& e) {
    if (const auto* value = dynamic_cast<const BadJsonValue*>(&e)) {
      locate(value->at);
      fail(value->message);
    }
    if (const size_t bad = InvalidUtf8At(bytes);
        e.error() == simdjson::UTF8_ERROR && bad != std::string_view::npos) {
      locate(bytes.data() + bad);
      fail(InvalidUtf8Message(bytes, bad));
    }
    // Where the element's text first breaks JSON's grammar, if it does;
    // the whole block's when the parser refused it before any element.
    const char* from = element != nullptr ? element : bytes.data();
    const std::string_view rest(from, static_cast<size_t>(bytes.data() + bytes.size() - from));
    if (auto syntax = FindJsonSyntaxError(rest)) {
      locate(from + syntax->at);
      fail("malformed JSON: " + syntax->message);
    }
    fail(std::string("malformed JSON near this object: ") + simdjson::error_message(e.error()));
  }
  if (refused)
    ReadElementByElement(bytes, name, first_line, first_column, on_record, flatten_objects);
}

// simdjson checks a whole block's strings (their characters, UTF-8) before
// any element is read, and then says only that something is wrong: each
// element is read on its own instead, so the ones before are read (as rows
// before a bad row are) and the error names the element it is in.
void ReadElementByElement(std::string_view bytes, const std::string& name, int64_t line,
                          int64_t first_column,
                          const std::function<void(const JsonRecord&)>& on_record,
                          bool flatten_objects) {
  const char* line_start = bytes.data() + 1 - (first_column - 1);
  const size_t end = bytes.size() - 1;  // the block's ']'
  std::string one;
  for (size_t i = 1; i < end; ++i) {  // from past the '[', then past each comma
    for (; i < end && IsJsonSpace(bytes[i]); ++i) {
      if (bytes[i] == '\n') ++line, line_start = bytes.data() + i + 1;
    }
    if (i == end) break;
    const size_t start = i;
    const int64_t start_line = line;
    const int64_t column = bytes.data() + start - line_start + 1;
    // To the comma after it (the cutter has checked strings end and
    // brackets balance).
    int depth = 0;
    JsonStringState string;
    for (; i < end; ++i) {
      const char c = bytes[i];
      if (c == '\n') ++line, line_start = bytes.data() + i + 1;
      if (string.Consume(c)) continue;
      if (c == '"') {
        string.in_string = true;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        --depth;
      } else if (c == ',' && depth == 0) {
        break;
      }
    }
    one.assign(1, '[').append(bytes.substr(start, i - start)).append(1, ']');
    one.append(kJsonPadding, ' ');
    ReadArrayBlock(std::string_view(one.data(), one.size() - kJsonPadding), name, start_line,
                   column, on_record, false, flatten_objects);
  }
}

}  // namespace

void ReadJsonArrayBlock(std::string_view bytes, const std::string& name, int64_t first_line,
                        int64_t first_column,
                        const std::function<void(const JsonRecord&)>& on_record,
                        bool flatten_objects) {
  ReadArrayBlock(bytes, name, first_line, first_column, on_record, true, flatten_objects);
}

void ReadJsonLines(std::string_view bytes, const std::string& name, int64_t first_line,
                   const std::function<void(const JsonRecord&)>& on_record, bool padded,
                   size_t max_line, bool flatten_objects) {
  od::parser parser;
  JsonRecord record;
  record.flatten_objects = flatten_objects;
  std::vector<char> copy;
  int64_t line = first_line;
  bool in_one_pass = padded;
  while (!bytes.empty()) {
    if (in_one_pass) {
      // Plain lines by hand. A line that is not is read alone when plain
      // ones came before it; else the lines from it in one pass.
      size_t read = ReadPlainJsonLines(bytes, &line, max_line, &record, on_record);
      if (read == 0) {
        read = ReadJsonLinesInOnePass(bytes, &line, max_line, &record, on_record);
        // Where one pass cannot even start (a byte-order mark, text that
        // is not JSON), it would fail again on every later line: line by
        // line from here. Else the line it stopped at is read alone, then
        // on.
        if (read == 0) in_one_pass = false;
      }
      bytes.remove_prefix(read);
      if (bytes.empty()) break;
    }
    size_t stop = std::min(bytes.find('\n'), bytes.size());
    if (stop >= max_line) FailRecordTooLong(name, bytes, line, max_line);
    ParseLine(bytes.substr(0, stop), bytes.size() + (padded ? kJsonPadding : 0), line++, name,
              &parser, &copy, &record, on_record);
    bytes.remove_prefix(std::min(stop + 1, bytes.size()));
  }
}

void ReadJson(ByteSource* source, bool ndjson,
              const std::function<void(const JsonRecord&)>& on_record, int64_t first_line,
              size_t max_line) {
  if (ndjson) {
    ReadLines(source, on_record, first_line, max_line);
  } else {
    ReadArray(source, on_record, max_line);
  }
}

}  // namespace retention
