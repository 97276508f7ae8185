#include "input/csv_reader.h"

#include <algorithm>
#include <cstring>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "retention/error.h"

namespace retention {
namespace {
constexpr size_t kChunk = 1 << 20;

// The first of `delim`, '\n' or '\r' in [p, end), or end: where an unquoted
// field stops. Sixteen bytes at a time, since most of a CSV file's bytes
// are inside such fields.
const char* FieldEnd(const char* p, const char* end, char delim) {
#ifdef __SSE2__
  const __m128i d = _mm_set1_epi8(delim), n = _mm_set1_epi8('\n'), r = _mm_set1_epi8('\r');
  while (end - p >= 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, d), _mm_cmpeq_epi8(v, n)),
                               _mm_cmpeq_epi8(v, r));
    if (int mask = _mm_movemask_epi8(hit)) return p + __builtin_ctz(static_cast<unsigned>(mask));
    p += 16;
  }
#endif
  while (p < end && *p != delim && *p != '\n' && *p != '\r') ++p;
  return p;
}

}  // namespace

CsvReader::CsvReader(ByteSource* source, char delimiter, int64_t first_line, size_t max_record)
    : source_(source),
      name_(source->name()),
      delimiter_(delimiter),
      max_record_(max_record),
      line_(first_line) {}

CsvReader::CsvReader(std::string_view bytes, std::string name, char delimiter, int64_t first_line,
                     size_t max_record)
    : source_(nullptr),
      name_(std::move(name)),
      delimiter_(delimiter),
      max_record_(max_record),
      data_(bytes.data()),
      end_(bytes.size()),
      eof_(true),
      line_(first_line) {}

bool CsvReader::Fill() {
  if (eof_) return false;
  data_ = buffer_.data();  // the buffer may move below; re-read after
  // Keep the unparsed tail, then read behind it; grow only for a record
  // longer than the buffer.
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (buffer_.size() - end_ < kChunk / 2) buffer_.resize(std::max(buffer_.size() * 2, kChunk));
  data_ = buffer_.data();
  size_t n = source_->Read(buffer_.data() + end_, buffer_.size() - end_);
  if (n == 0) {
    eof_ = true;
    return false;
  }
  end_ += n;
  return true;
}

void CsvReader::DetectDelimiter() {
  // Make sure the first line is in the buffer (or the whole input, or
  // more than a record may hold: Next() reports that).
  while (std::find(data_ + begin_, data_ + end_, '\n') == data_ + end_ &&
         end_ - begin_ <= max_record_ && Fill()) {
  }
  // A byte-order mark; twice when a tool that adds one saved a file that
  // had one.
  while (end_ - begin_ >= 3 && std::memcmp(data_ + begin_, "\xEF\xBB\xBF", 3) == 0) {
    begin_ += 3;
  }
  // Excel writes "sep=;" as a first line to name the delimiter.
  const char* first = data_ + begin_;
  const char* eol = std::find(first, data_ + end_, '\n');
  std::string_view line(first, static_cast<size_t>(eol - first));
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  // Only the delimiters that detection knows are taken from it; any other
  // first line is data.
  if (source_ != nullptr && line_ == 1 && line.size() == 5 && line.compare(0, 4, "sep=") == 0 &&
      std::strchr(",;\t|", line[4]) != nullptr && eol != data_ + end_) {
    if (delimiter_ == 0) delimiter_ = line[4];
    begin_ = static_cast<size_t>(eol + 1 - data_);
    ++line_;
    while (std::find(data_ + begin_, data_ + end_, '\n') == data_ + end_ &&
           end_ - begin_ <= max_record_ && Fill()) {
    }
  }
  if (source_ != nullptr) {
    const char* brk =
        std::find_if(data_ + begin_, data_ + end_, [](char c) { return c == '\n' || c == '\r'; });
    cr_lines_ = brk + 1 < data_ + end_ && *brk == '\r' && brk[1] != '\n';
  }
  if (delimiter_ != 0) return;
  const char candidates[] = {',', ';', '\t', '|'};
  size_t counts[4] = {0, 0, 0, 0};
  bool quoted = false;
  for (size_t i = begin_; i < end_ && (quoted || data_[i] != '\n'); ++i) {
    char c = data_[i];
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    for (int k = 0; k < 4; ++k) counts[k] += c == candidates[k];
  }
  delimiter_ = ',';
  size_t best = 0;
  for (int k = 0; k < 4; ++k) {
    if (counts[k] > best) {
      best = counts[k];
      delimiter_ = candidates[k];
    }
  }
}

void CsvReader::Fail(int64_t line, int64_t column, const std::string& message) const {
  throw DataError(Location{name_, line, column}, message);
}

CsvReader::Parse CsvReader::ParseRecord() {
  fields_.clear();
  unescape_ = false;
  const char* const base = data_;
  const char* p = base + begin_;
  const char* const end = base + end_;
  int64_t line = line_;
  const char* line_start = p;
  int64_t shift = carried_shift_;  // columns of the line before line_start
  int64_t met_cr = carried_cr_column_, ended_cr = 0;
  const bool spaces = delimiter_ == ' ';
  const char delim = delimiter_;
  auto column = [&](const char* at) { return (at - line_start) + 1 + shift; };

  auto is_blank = [](char c) { return c == ' ' || c == '\t'; };
  // Consumes a line end at p (\n, \r\n or a lone \r); false when the input
  // stops between \r and a possible \n. A lone \r in a file of \n lines
  // ends the record but not the line, so later line numbers stay those an
  // editor shows.
  auto consume_eol = [&]() -> bool {
    if (*p == '\r') {
      if (p + 1 == end && !eof_) return false;
      if (p + 1 < end && p[1] == '\n') {
        ++p;
      } else if (!cr_lines_ && p + 1 < end) {
        met_cr = ended_cr = column(p);
        ++p;
        return true;
      }
    }
    ++p;
    ++line;
    line_start = p;
    shift = 0;
    return true;
  };
  // What a parsed record or blank line leaves for the next one.
  auto settle = [&]() {
    stray_cr_column_ = met_cr;
    carried_cr_column_ = ended_cr;
    carried_shift_ = ended_cr != 0 ? column(p) - 1 : 0;
  };

  if (spaces) {
    while (p < end && is_blank(*p)) ++p;
  }
  if (p == end) return eof_ ? (begin_ = end_, Parse::kBlank) : Parse::kNeedMore;
  if (*p == '\n' || *p == '\r') {
    if (!consume_eol()) return Parse::kNeedMore;
    settle();
    begin_ = static_cast<size_t>(p - base);
    line_ = line;
    return Parse::kBlank;
  }

  for (;;) {
    const char* field_begin = p;
    const char* field_end;
    const int64_t field_line = line;
    const auto field_column = static_cast<int32_t>(column(p));
    bool field_unescape = false;
    if (p < end && *p == '"') {
      ++p;
      field_begin = p;
      for (;;) {
        const char* q = static_cast<const char*>(std::memchr(p, '"', static_cast<size_t>(end - p)));
        const char* stop = q ? q : end;
        for (const char* nl = p; (nl = static_cast<const char*>(std::memchr(
                                      nl, '\n', static_cast<size_t>(stop - nl)))) != nullptr;
             ++nl) {
          ++line;
          line_start = nl + 1;
          shift = 0;
        }
        if (q == nullptr || q + 1 == end) {
          if (!eof_) return Parse::kNeedMore;
          if (q == nullptr) {
            Fail(field_line, field_column,
                 "a quoted field is never closed (unterminated \"); close it with \" or double "
                 "any \" inside it as \"\"");
          }
        }
        if (q + 1 < end && q[1] == '"') {
          unescape_ = field_unescape = true;
          p = q + 2;
          continue;
        }
        field_end = q;
        p = q + 1;
        break;
      }
      if (spaces) {
        while (p < end && is_blank(*p)) ++p;
      }
      if (p < end && *p != delim && *p != '\n' && *p != '\r' && !spaces) {
        Fail(line, column(p),
             std::string("unexpected text after a closing quote; double a \" inside a quoted "
                         "field as \"\""));
      }
    } else {
      if (spaces) {
        while (p < end && !is_blank(*p) && *p != '\n' && *p != '\r') ++p;
      } else {
        p = FieldEnd(p, end, delim);
      }
      field_end = p;
      if (spaces) {
        while (p < end && is_blank(*p)) ++p;
      }
    }
    // Member by member: a whole struct built on the stack and copied in
    // stalls on store forwarding, which showed as half this function's time.
    Field& field = fields_.emplace_back();
    field.text = std::string_view(field_begin, static_cast<size_t>(field_end - field_begin));
    field.line = field_line;
    field.column = field_column;
    field.unescape = field_unescape;
    if (p == end) {
      if (!eof_) return Parse::kNeedMore;
      break;
    }
    if (*p == '\n' || *p == '\r') {
      if (!consume_eol()) return Parse::kNeedMore;
      break;
    }
    if (!spaces) ++p;  // the delimiter; in space mode the run was skipped
    if (p == end && !eof_) return Parse::kNeedMore;
    if (p == end) {
      // A delimiter at the very end of input: one more empty field.
      fields_.push_back(
          Field{std::string_view(p, 0), line, static_cast<int32_t>(column(p)), false});
      break;
    }
  }
  if (static_cast<size_t>(p - (base + begin_)) > max_record_) {
    FailRecordTooLong(name_,
                      std::string_view(base + begin_, static_cast<size_t>(p - (base + begin_))),
                      line_, max_record_, true);
  }
  settle();
  record_line_ = line_;
  begin_ = static_cast<size_t>(p - base);
  line_ = line;
  return Parse::kRecord;
}

bool CsvReader::Next() {
  if (!started_) {
    started_ = true;
    Fill();
    DetectDelimiter();
  }
  for (;;) {
    Parse result = ParseRecord();
    if (result == Parse::kRecord) break;
    if (result == Parse::kBlank) {
      if (begin_ == end_ && eof_) return false;
      continue;
    }
    // An unfinished record already past the limit is not read further.
    if (end_ - begin_ > max_record_) {
      FailRecordTooLong(name_, std::string_view(data_ + begin_, end_ - begin_), line_, max_record_,
                        true);
    }
    if (!Fill() && begin_ == end_) return false;
  }
  if (!unescape_) return true;
  // Collapse doubled quotes into a side buffer sized up front, so the views
  // handed out stay valid.
  size_t needed = 0;
  for (const Field& f : fields_) needed += f.unescape ? f.text.size() : 0;
  unescaped_.clear();
  unescaped_.reserve(needed);
  for (Field& f : fields_) {
    if (!f.unescape) continue;
    size_t start = unescaped_.size();
    for (size_t i = 0; i < f.text.size(); ++i) {
      unescaped_.push_back(f.text[i]);
      if (f.text[i] == '"') ++i;
    }
    f.text = std::string_view(unescaped_.data() + start, unescaped_.size() - start);
  }
  return true;
}

std::string StrayCrHint(int64_t column) {
  return "; a carriage return (\\r) alone at column " + std::to_string(column) +
         " of this line cuts the row in two: remove it, or quote the field that holds it";
}

}  // namespace retention
