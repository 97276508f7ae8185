// The CSV loader: plain lines split in place and repeated order lines
// merged on the parse workers, anything else through the RFC 4180 reader.
// This file holds the hottest loops of the program (PlainLineSplitter,
// OrderLineMerger and the block parse in LoadCsv); they stay together so
// the compiler sees and inlines them as one unit.
#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#ifdef __AVX2__
#include <immintrin.h>
#endif

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#endif

#include "base/digits.h"
#include "base/hash_bytes.h"
#include "base/utf8.h"
#include "input/byte_source.h"
#include "input/csv_reader.h"
#include "input/record_blocks.h"
#include "load/block_pipeline.h"
#include "load/column_mapping.h"
#include "load/export_layouts.h"
#include "load/loaders.h"
#include "load/problems.h"
#include "load/row_pipeline.h"
#include "load/sniff.h"
#include "retention/error.h"
#include "retention/money.h"

namespace retention {
namespace {

// How the records of one CSV file map to rows.
struct CsvLayout {
  std::string file;
  std::vector<std::string> names;  // header names, "" without a header
  ColumnIndices columns;
  size_t width = 0;
  bool header = true;
  char delimiter = ',';
  bool cr_lines = false;  // lines end in a lone '\r'
};

// Calls `use` with the cells of a record for the roles the layout maps;
// `cell(i)` makes the cell of field i (text, line, column). The cells of a
// known export's rules are made only for such a file: most rows need none.
template <typename MakeCell, typename Use>
void WithRow(const CsvLayout& layout, MakeCell cell, Use use) {
  auto role = [&](int index) {
    if (index < 0) return Cell();
    Cell c = cell(static_cast<size_t>(index));
    c.index = index;
    c.name = &layout.names[static_cast<size_t>(index)];
    return c;
  };
  const ColumnIndices& c = layout.columns;
  Row row{role(c.customer), role(c.order),        role(c.date),         role(c.amount),
          role(c.quantity), role(c.price),        role(c.currency),     role(c.segment),
          nullptr,          role(c.amount_spill), role(c.gross_amount), c.split_by_currency};
  if (c.layout == nullptr) return use(row);
  LayoutCells extra;
  for (size_t r = 0; r < kLayoutRules; ++r) extra.left_out[r] = role(c.left_out[r]);
  extra.refunded = role(c.refunded);
  extra.credit = role(c.credit);
  extra.customer_fallback = role(c.customer_fallback);
  row.layout = &extra;
  use(row);
}

// The error for a NUL byte at `at` in field `index` (named `name`, "" when
// unnamed) of a CSV file, which starts at `line`, `column`. Text files hold
// no NUL; UTF-16 holds one in every ASCII character.
void FailNul(Problems* problems, const std::string& file, const std::string& name, size_t index,
             size_t at, int64_t line, int64_t column) {
  problems->Error(
      Location{file, line, column}, Check::kNulByte,
      "a NUL byte in column " +
          (name.empty() ? "#" + std::to_string(index + 1) : "'" + InputExcerpt(name, 40) + "'") +
          " (byte " + std::to_string(at + 1) +
          " of the value); the file looks UTF-16 or binary: save it as UTF-8 text (if it is "
          "UTF-8 text with a stray NUL, delete it: " +
          CommandOn(file, "tr -d '\\000'", "fixed.csv", /*takes_file=*/false) + ")");
}

// Throws for the first field of the record `reader` is on that holds a
// NUL byte (the header: no names yet).
void CheckNoNul(const CsvReader& reader, const CsvLayout& layout, Problems* problems) {
  for (size_t i = 0; i < reader.field_count(); ++i) {
    size_t at = reader.field(i).find('\0');
    if (at == std::string_view::npos) continue;
    static const std::string kUnnamed;
    FailNul(problems, layout.file, i < layout.names.size() ? layout.names[i] : kUnnamed, i, at,
            reader.field_line(i), reader.field_column(i));
    return;
  }
}

// The first name of the header that is no UTF-8, as a problem: a name in
// Windows-1252 ("Num\xe9ro commande") matches no column it means, and the
// file would be read without it (no order column: every line an order).
// Empty when every name is UTF-8.
std::optional<DataError> HeaderNotUtf8(const CsvReader& reader, const std::string& file) {
  for (size_t i = 0; i < reader.field_count(); ++i) {
    const size_t bad = InvalidUtf8At(reader.field(i));
    if (bad == std::string_view::npos) continue;
    return DataError(Location{file, reader.field_line(i), reader.field_column(i)},
                     "the header's column name \"" + InputExcerpt(reader.field(i), 40) +
                         "\" is no UTF-8 (byte " + std::to_string(bad + 1) +
                         "), so which column it is cannot be told (an order id or a status "
                         "would go unread); save the file as UTF-8, e.g. " +
                         IconvCommand(file, reader.field(i)));
  }
  return std::nullopt;
}

// The duplicate check's hash of a row that PlainLineSplitter split: its
// fields joined by the delimiter, i.e. the line. XXH3 reads a line in a
// few independent steps, where hashing field by field chained one step per
// field and was a fifth of validation's time.
uint64_t PlainLineHash(std::string_view line) { return HashBytes(line.data(), line.size()); }

// The same hash of a row read the general way, so that a row repeats
// another however either was quoted: the fields joined by the delimiter are
// the plain line with those fields. A field holding the delimiter, a quote
// or a line break has no plain line; such rows are hashed field by field.
template <typename Field>
uint64_t CsvRowHash(size_t count, char delimiter, Field field) {
  thread_local std::string joined;
  joined.clear();
  const char special[] = {delimiter, '"', '\r', '\n'};
  for (size_t i = 0; i < count; ++i) {
    const std::string_view f = field(i);
    if (f.find_first_of(std::string_view(special, sizeof special)) != std::string_view::npos) {
      RowHash hash;
      for (size_t j = 0; j < count; ++j) hash.Add(field(j));
      return hash.value();
    }
    if (i > 0) joined.push_back(delimiter);
    joined.append(f);
  }
  return PlainLineHash(joined);
}

// Parses the record `reader` is on into `batch`; false when it is a blank
// row. `nul_possible`: the bytes read hold a NUL somewhere, so fields are
// checked for one.
bool ParseCsvRecord(CsvReader* reader, const CsvLayout& layout, RowParser* parser,
                    Problems* problems, Batch* batch, bool nul_possible = true) {
  const std::string& file = layout.file;
  size_t count = reader->field_count();
  // A line of nothing but delimiters (or blanks) is a blank line from a
  // spreadsheet.
  bool empty = true;
  for (size_t i = 0; i < count && empty; ++i) empty = TrimSpaces(reader->field(i)).empty();
  if (empty) return false;
  problems->BeginRow();
  if (count != layout.width) {
    // Point at the first surplus field, or at the last one when short.
    size_t at = count > layout.width ? layout.width : count - 1;
    const std::string delimiter = layout.delimiter == '\t'
                                      ? std::string("(a tab)")
                                      : "'" + std::string(1, layout.delimiter) + "'";
    // One empty column more or less at the end: a spreadsheet's trailing
    // delimiter on some lines and not others.
    const bool trailing_in_row =
        count == layout.width + 1 && TrimSpaces(reader->field(count - 1)).empty();
    const bool trailing_in_header = count + 1 == layout.width && layout.header &&
                                    !layout.names.empty() &&
                                    TrimSpaces(layout.names.back()).empty();
    const std::string fix =
        reader->stray_cr_column() != 0 ? StrayCrHint(reader->stray_cr_column())
        : trailing_in_row              ? "; the row ends with a delimiter " + delimiter +
                                " the header lacks: end every line alike, with or without it"
        : trailing_in_header ? "; the row lacks the delimiter " + delimiter +
                                   " the header ends with (an empty last column): end every "
                                   "line alike, with or without it"
        : count < layout.width
            ? "; a field is missing: add it (an empty one is two delimiters in a row" +
                  (layout.delimiter == '\t' ? std::string(")")
                                            : ", " + std::string(2, layout.delimiter) + ")") +
                  ", or check the line for a line break inside an unquoted field"
            : "; quote fields that contain the delimiter " + delimiter +
                  ", like \"Gift card, digital\"";
    problems->Error(Location{file, reader->field_line(at), reader->field_column(at)},
                    Check::kFieldCount,
                    "this row has " + std::to_string(count) + (count == 1 ? " field" : " fields") +
                        " but the " + (layout.header ? "header has " : "first row has ") +
                        std::to_string(layout.width) + fix);
    return true;
  }
  if (reader->ends_at_stray_cr() && problems->collecting()) {
    // The row and the rest of its line both read whole: a report takes
    // them as two rows, as spreadsheets do, but a check says so.
    problems->Warning(
        Location{file, reader->line(), reader->stray_cr_column()}, Check::kFieldCount,
        "a carriage return (\\r) alone ends this row mid-line, and the rest of the line is "
        "read as another row; if it is one row, remove the \\r");
  }
  for (size_t i = 0; i < count && nul_possible; ++i) {
    size_t at = reader->field(i).find('\0');
    if (at == std::string_view::npos) continue;
    FailNul(problems, file, layout.names[i], i, at, reader->field_line(i), reader->field_column(i));
    return true;  // validating: the row is left out
  }
  if (problems->recording()) {
    // UTF-8 is checked by the parser, in the values it uses, as when
    // loading for a report.
    problems->NoteRowHash(reader->line(), CsvRowHash(count, layout.delimiter,
                                                     [&](size_t i) { return reader->field(i); }));
  }
  WithRow(
      layout,
      [&](size_t i) {
        Cell c;
        c.text = reader->field(i);
        c.line = reader->field_line(i);
        c.column = reader->field_column(i);
        return c;
      },
      [&](const Row& row) { parser->Parse(file, row, batch); });
  return true;
}

// The common case of a record: one line without quotes or carriage
// returns, as many fields as the header. Split() splits the first line of
// some text in place into `fields` (room for `width` of them) and returns
// true; false leaves the line to CsvReader, which handles (or reports)
// everything else.
class PlainLineSplitter {
 public:
  PlainLineSplitter(char delimiter, size_t width)
      : delimiter_(delimiter),
        width_(width)
#ifdef __SSE2__
        ,
        d_(_mm_set1_epi8(delimiter)),
        q_(_mm_set1_epi8('"')),
        r_(_mm_set1_epi8('\r')),
        n_(_mm_set1_epi8('\n'))
#endif
#ifdef __AVX2__
        ,
        d32_(_mm256_set1_epi8(delimiter)),
        q32_(_mm256_set1_epi8('"')),
        r32_(_mm256_set1_epi8('\r')),
        n32_(_mm256_set1_epi8('\n'))
#endif
  {
  }

  // The line is `text` up to its first newline (or all of it); its length
  // goes to `*size`. Finding the newline here saves a pass over the line.
  bool Split(std::string_view text, std::string_view* fields, size_t* size) const {
    if (delimiter_ == ' ') return false;
    size_t count = 0;  // in a register: a vector's size is reloaded after every store
    const char* const end = text.data() + text.size();
    const char* start = text.data();  // of the current field
    const char* p = start;
    const char* line_end = end;
    auto split_at = [&](const char* at) {
      fields[count++] = std::string_view(start, static_cast<size_t>(at - start));
      start = at + 1;
    };
#ifdef __SSE2__
    // Marks of the bytes from `at` (bit i: byte at + i): false when the
    // line is not plain; `found` once its newline is among them.
    bool found = false;
    auto take = [&](const char* at, uint32_t delimiters, uint32_t newlines, uint32_t special) {
      const uint32_t before = newlines == 0 ? ~uint32_t{0} : (newlines & (0u - newlines)) - 1;
      if ((special & before) != 0) return false;  // a quote or CR before the newline
      for (uint32_t mask = delimiters & before; mask != 0; mask &= mask - 1) {
        if (count + 1 == width_) return false;  // the last field has no delimiter after it
        split_at(at + __builtin_ctz(mask));
      }
      if (newlines != 0) {
        line_end = at + __builtin_ctz(newlines);
        found = true;
      }
      return true;
    };
#endif
#ifdef __AVX2__
    // Built for a CPU with AVX2 (RETENTION_NATIVE): 32 bytes at a time, so
    // most lines take two steps.
    for (; !found && end - p >= 32; p += 32) {
      __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
      auto mask = [](__m256i m) { return static_cast<uint32_t>(_mm256_movemask_epi8(m)); };
      if (!take(p, mask(_mm256_cmpeq_epi8(v, d32_)), mask(_mm256_cmpeq_epi8(v, n32_)),
                mask(_mm256_or_si256(_mm256_cmpeq_epi8(v, q32_), _mm256_cmpeq_epi8(v, r32_))))) {
        return false;
      }
    }
#endif
#ifdef __SSE2__
    // Sixteen bytes at a time.
    for (; !found && end - p >= 16; p += 16) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
      auto mask = [](__m128i m) { return static_cast<uint32_t>(_mm_movemask_epi8(m)); };
      if (!take(p, mask(_mm_cmpeq_epi8(v, d_)), mask(_mm_cmpeq_epi8(v, n_)),
                mask(_mm_or_si128(_mm_cmpeq_epi8(v, q_), _mm_cmpeq_epi8(v, r_))))) {
        return false;
      }
    }
    if (found) p = end;  // the byte loop below has nothing left to do
#endif
    for (; p != end; ++p) {
      if (*p == '\n') {
        line_end = p;
        break;
      }
      if (*p == delimiter_) {
        if (count + 1 == width_) return false;
        split_at(p);
      } else if (*p == '"' || *p == '\r') {
        return false;
      }
    }
    fields[count++] = std::string_view(start, static_cast<size_t>(line_end - start));
    *size = static_cast<size_t>(line_end - text.data());
    return count == width_;
  }

 private:
  char delimiter_;
  size_t width_;
#ifdef __SSE2__
  __m128i d_, q_, r_, n_;
#endif
#ifdef __AVX2__
  __m256i d32_, q32_, r32_, n32_;
#endif
};

// Parses a line PlainLineSplitter accepted (at `line_number`; `hash`:
// PlainLineHash of it when validating) into `batch`, as ParseCsvRecord would;
// false for a blank row.
bool ParsePlainLine(std::string_view line, const std::string_view* fields, int64_t line_number,
                    uint64_t hash, const CsvLayout& layout, RowParser* parser, Problems* problems,
                    Batch* batch) {
  bool empty = true;
  for (size_t i = 0; i < layout.width && empty; ++i) empty = TrimSpaces(fields[i]).empty();
  if (empty) return false;
  problems->BeginRow();
  if (problems->recording()) problems->NoteRowHash(line_number, hash);
  WithRow(
      layout,
      [&](size_t i) {
        Cell c;
        // The column from the field itself, not from the copy stored in
        // the cell: reading half of a fresh 16-byte store back stalls.
        c.column = (fields[i].data() - line.data()) + 1;
        c.text = fields[i];
        c.line = line_number;
        return c;
      },
      [&](const Row& row) { parser->Parse(layout.file, row, batch); });
  return true;
}

// Lines of one order follow each other and repeat every field but the
// amount. A plain line that repeats, byte for byte, the customer, order,
// date, currency and segment of the line that last went into the batch's
// last row only adds its amount to that row: what RowParser would do, less
// trimming, id codes, the date check and the cells. Anything else (a
// refund, an amount that does not read) goes the general way.
class OrderLineMerger {
 public:
  // With `future` (validation), an order dated from then on is left to
  // the general way, which warns about every line of it.
  // An amount column named like an order's total, found by its name, goes
  // the general way, which counts its lines that repeat the amount
  // (LoadStats).
  OrderLineMerger(const ColumnIndices& columns, const std::vector<std::string>& names,
                  bool names_amount_explicitly, const NumberFormat& numbers, Time future)
      : customer_(columns.customer),
        date_(columns.date),
        order_(columns.order),
        amount_(columns.amount),
        numbers_(numbers),
        future_(future) {
    // Without an order id every line is an order; with quantity x price the
    // amount is a product; a known export's rules look at every row.
    if (columns.order < 0 || columns.amount < 0 || columns.layout != nullptr) return;
    if (static_cast<size_t>(columns.amount) < names.size()) {
      const std::string& amount = names[static_cast<size_t>(columns.amount)];
      // Cents are scaled the general way.
      if (NamesCents(amount) || (!names_amount_explicitly && IsOrderTotalName(amount))) return;
    }
    for (int index :
         {columns.customer, columns.order, columns.date, columns.currency, columns.segment}) {
      if (index >= 0) keys_[key_count_++] = static_cast<size_t>(index);
    }
  }

  // Adds the line split into `fields` (at `line`; `hash`: PlainLineHash of it
  // when validating) to the batch's last row; false when it is not such a
  // line.
  bool Merge(const std::string_view* fields, int64_t line, uint64_t hash, Batch* batch,
             Problems* problems) const {
    if (!have_last_) return false;
    for (size_t k = 0; k < key_count_; ++k) {
      if (!SameText(fields[keys_[k]], last_[k])) return false;
    }
    Money amount;
    if (!(numbers_.decimal == '.' && ReadShortDecimal(fields[amount_], &amount.units)) &&
        (CurrencySymbolOf(fields[amount_]) != batch->rows.back().symbol ||  // lines of one symbol
         ParseMoneyAs(fields[amount_], numbers_, &amount) != MoneyError::kNone)) {
      return false;
    }
    if (amount.units < 0) return false;
    ParsedRow& row = batch->rows.back();
    if (row.amount.units < 0 || row.time >= future_ || !AddMoney(&row.amount, amount)) {
      return false;
    }
    ++row.lines;
    problems->BeginRow();
    if (problems->recording()) {
      problems->NoteRowHash(line, hash);
      batch->NoteMerged(*problems, line, fields[customer_].data() - fields[0].data() + 1, line,
                        fields[date_].data() - fields[0].data() + 1);
    }
    return true;
  }

  // After the general way parsed `fields` (the batch had `rows` rows, the
  // last of `lines` lines): keeps their keys when the line went into the
  // last row and has an order id, so the next line can repeat them. The
  // text must stay valid until Forget() or the next Note().
  void Note(const std::string_view* fields, size_t rows, uint32_t lines, const Batch& batch) {
    have_last_ = false;
    if (key_count_ == 0 || batch.rows.empty()) return;
    if (batch.rows.size() != rows + 1 && batch.rows.back().lines != lines + 1) return;
    if (TrimSpaces(fields[order_]).empty()) return;
    for (size_t k = 0; k < key_count_; ++k) last_[k] = fields[keys_[k]];
    have_last_ = true;
  }
  void Forget() { have_last_ = false; }

 private:
  int customer_, date_, order_, amount_;
  const NumberFormat& numbers_;
  // customer, order, date, then currency and segment when mapped; none
  // when lines cannot merge here
  size_t keys_[5] = {};
  size_t key_count_ = 0;
  std::string_view last_[5];
  bool have_last_ = false;
  Time future_;
};

// The date and number cells of the first rows, from the bytes `reader`
// holds after the header (and the record it is on, when `pending`): as
// many of kSampleRows as a read of the input holds, cut after the last
// whole line.
Sample SampleRows(const CsvReader& reader, const CsvLayout& layout, bool pending,
                  size_t max_record) {
  Sample sample;
  auto add = [&](const CsvReader& r) {
    if (r.field_count() != layout.width) return;  // an error, found later
    WithRow(
        layout,
        [&](size_t i) {
          Cell c;
          c.text = r.field(i);
          c.line = r.field_line(i);
          c.column = r.field_column(i);
          return c;
        },
        [&](const Row& row) { AddToSample(row, &sample); });
  };
  if (pending) add(reader);
  std::string_view bytes = reader.unparsed();
  if (!reader.read_to_end()) bytes = bytes.substr(0, bytes.rfind('\n') + 1);
  CsvReader rows(bytes, layout.file, layout.delimiter, reader.unparsed_line(), max_record);
  rows.set_cr_lines(reader.cr_lines());
  try {
    while (sample.rows < kSampleRows && rows.Next()) add(rows);
  } catch (const DataError&) {
    // Broken quoting, or a quoted line break cut: reading finds it.
  }
  return sample;
}

// Exports saved from a report tool or a spreadsheet may start with a
// title or a note ("Orders export", "Generated 2024-03-01") above the
// header. Told when one of the next lines has the columns the first
// lacks, split by any usual delimiter (the title may have misled the
// guess of the file's): the fix is to delete the lines above it.
void ThrowIfHeaderBelow(std::string_view rest, int64_t first_line, const ColumnMapping& mapping,
                        const std::string& file) {
  constexpr int kLines = 20;
  for (int64_t line = first_line; line < first_line + kLines && !rest.empty(); ++line) {
    const size_t end = rest.find('\n');
    std::string_view text = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    for (char delimiter : {',', ';', '\t', '|'}) {
      std::vector<std::string> names;
      for (size_t from = 0;;) {
        const size_t to = text.find(delimiter, from);
        names.emplace_back(TrimSpaces(text.substr(from, to - from)));
        if (to == std::string_view::npos) break;
        from = to + 1;
      }
      if (names.size() < 3) continue;
      try {
        ResolveColumns(names, names.size(), mapping, file);
      } catch (const DataError&) {
        continue;
      }
      const std::string tail = "tail -n +" + std::to_string(line);
      const bool gz = file.size() > 3 && file.compare(file.size() - 3, 3, ".gz") == 0;
      throw DataError(Location{file, line, 0},
                      "the header is on line " + std::to_string(line) +
                          ": the lines above it are a title or notes, not the header; delete "
                          "them (" +
                          (file == "<stdin>" ? "pipe the input through " + tail
                           : gz              ? "zcat " + file + " | " + tail + " > orders.csv"
                                             : tail + " " + file + " > orders.csv") +
                          ")");
    }
  }
}

}  // namespace

void LoadCsv(ByteSource* source, const LoadOptions& options, char delimiter, Problems* problems,
             const CivilDate* as_of, RowAggregator* aggregator) {
  CsvLayout layout;
  layout.file = source->name();
  layout.header = options.header;
  CsvReader reader(source, delimiter, 1, options.max_line_length);
  if (!reader.Next()) {
    return problems->Error(Location{layout.file, 0, 0}, Check::kFile,
                           "the file is empty; expected a header line such as "
                           "customer_id,order_id,order_date,amount and one row per order line");
  }
  std::vector<std::string> header;
  std::optional<DataError> header_not_utf8;
  if (options.header) {
    // Before the names are used: a UTF-16 header would match no column.
    // An error here ends the file (when validating too).
    Problems header_problems;
    CheckNoNul(reader, layout, &header_problems);
    header_not_utf8 = HeaderNotUtf8(reader, layout.file);
    for (size_t i = 0; i < reader.field_count(); ++i) {
      header.emplace_back(UnbracketedName(reader.field(i)));
    }
  }
  layout.width = reader.field_count();
  const ExportLayout* known =
      options.header ? ChooseLayout(options.layout, header, layout.file) : nullptr;
  const ColumnMapping mapping =
      known != nullptr ? LayoutMapping(*known, options.columns, header) : options.columns;
  try {
    layout.columns = ResolveColumns(header, layout.width, mapping, layout.file);
  } catch (const DataError& e) {
    // A column not found may be the one whose name is no UTF-8.
    if (header_not_utf8) throw *header_not_utf8;
    if (options.header) {
      ThrowIfHeaderBelow(reader.unparsed(), reader.unparsed_line(), options.columns, layout.file);
      // The header's own line, after the blank lines an export may start
      // with (eBay's).
      if (e.where().line == 1 && reader.line() > 1) {
        throw DataError(Location{layout.file, reader.line(), e.where().column}, e.message());
      }
    }
    throw;
  }
  // The columns needed were found. Read as Windows-1252, is the name one
  // the file would be read by (an order id, a status)? Then it stops the
  // file; else ("Stra\xdfe") it is a column no figure uses, and only
  // validate lists it.
  if (header_not_utf8) {
    std::vector<std::string> decoded = header;
    // A name that reads as Cyrillic, Greek or Japanese ("Статус" in
    // Windows-1251) cannot be told by its Windows-1252 reading: it may be
    // the status, so it stops the file.
    bool read_by = false;
    for (std::string& name : decoded) {
      if (InvalidUtf8At(name) == std::string_view::npos) continue;
      read_by = read_by || GuessLegacyEncoding(name) != LegacyEncoding::kWindows1252;
      name = Latin1ToUtf8(name);
    }
    read_by = read_by || HasStatusColumn(decoded) != HasStatusColumn(header);
    try {
      const ColumnIndices a = ResolveColumns(decoded, layout.width, mapping, layout.file);
      const ColumnIndices& b = layout.columns;
      read_by = read_by || a.customer != b.customer || a.order != b.order || a.date != b.date ||
                a.amount != b.amount || a.quantity != b.quantity || a.price != b.price ||
                a.currency != b.currency || a.segment != b.segment;
    } catch (const DataError&) {
    }
    if (read_by) throw *header_not_utf8;
    problems->Warning(header_not_utf8->where(), Check::kUtf8, header_not_utf8->message());
  }
  if (known != nullptr) AddLayoutColumns(*known, header, &layout.columns);
  if (options.notice) {
    for (const std::string& note : HowReadNotes(layout.file, header, known, layout.columns)) {
      options.notice(note);
    }
  }
  aggregator->NoteOrderRows(known != nullptr && known->whole_orders,
                            known != nullptr && known->order_rows_together);
  if (layout.columns.split_by_currency) aggregator->NoteSegmentsAreCurrencies();
  if (const int segment = layout.columns.segment; segment >= 0) {
    // Named as the header names it: --by 7 and --by Channel are one
    // definition of a history's segments.
    aggregator->NoteSegmentColumn(
        header.empty() ? options.columns.segment : header[static_cast<size_t>(segment)],
        segment + 1);
  }
  layout.names = header;
  layout.names.resize(layout.width);
  layout.delimiter = reader.delimiter();
  layout.cr_lines = reader.cr_lines();
  // "amount," ending the header: an unquoted 12,50 fills the unnamed
  // column with its cents, and the field count cannot tell.
  if (const int money = layout.columns.amount >= 0 ? layout.columns.amount : layout.columns.price;
      options.header && layout.delimiter == ',' && money >= 0 &&
      static_cast<size_t>(money) + 1 < layout.width &&
      TrimSpaces(layout.names[static_cast<size_t>(money) + 1]).empty()) {
    layout.columns.amount_spill = money + 1;
  }
  // Without a header the record just read is the first data row.
  bool pending = !options.header;
  FileFormats formats = SniffFormats(options, layout.file,
                                     SampleRows(reader, layout, pending, options.max_line_length),
                                     known != nullptr && known->month_first);
  formats.times_in_utc = layout.columns.date >= 0 && !header.empty() &&
                         NameSaysUtc(header[static_cast<size_t>(layout.columns.date)]);
  NoteFormats(options, layout.file, formats);
  problems->BeginRows();

  // Validating, the parse workers record what they find; the aggregator
  // replays it in input order (RecordedProblems).
  const bool validating = problems->collecting();
  const Time future = as_of ? TimeFromDate(AddDays(*as_of, 1)) : INT64_MAX;
  if (pending) {
    Batch batch;
    Problems recorder(&batch.recorded);
    RowParser parser(options, formats, known, validating ? &recorder : problems, as_of);
    ParseCsvRecord(&reader, layout, &parser, validating ? &recorder : problems, &batch);
    aggregator->GiveKeys(&batch, 1);
    aggregator->Prepare(&batch);
    aggregator->Apply(layout.file, batch);
  }
  int workers = WorkerCount(options);
  struct alignas(64) Worker {  // a cache line apart from the others
    Worker(const LoadOptions& options, const FileFormats& formats, const ExportLayout* known,
           const CivilDate* as_of)
        : parser(options, formats, known, &problems, as_of) {}
    Problems problems;
    RowParser parser;
  };
  std::vector<std::unique_ptr<Worker>> state;
  for (int w = 0; w < workers; ++w)
    state.push_back(std::make_unique<Worker>(options, formats, known, as_of));
  RecordBlocks blocks(source, reader.unparsed(), reader.unparsed_line(), true, size_t{1} << 19,
                      options.max_line_length, layout.cr_lines ? '\r' : '\n');
  BlockPipeline pipeline(workers, aggregator, [&](int w, const RecordBlock& block, Batch* out) {
    Problems* const problems = &state[w]->problems;
    if (validating) problems->RecordInto(&out->recorded);
    // Per call, not per worker in one shared vector: neighbouring workers'
    // vectors would share a cache line that both keep writing.
    std::vector<std::string_view> split(layout.width);
    std::string_view* const fields = split.data();
    const PlainLineSplitter splitter(layout.delimiter, layout.width);
    std::string_view rest = block.bytes();
    int64_t line = block.first_line;
    size_t size = 0;  // of the line Split() accepted
    OrderLineMerger merger(layout.columns, layout.names, !options.columns.amount.empty(),
                           formats.numbers, future);
    // Text holds no NUL: one search per block, and lines are checked for
    // one only when it found one (`nul` is the block's end when not).
    const char* const block_end = rest.data() + rest.size();
    auto next_nul = [&](const char* from) {
      const void* at = std::memchr(from, '\0', static_cast<size_t>(block_end - from));
      return at == nullptr ? block_end : static_cast<const char*>(at);
    };
    const char* nul = next_nul(rest.data());
    const bool has_nul = nul != block_end;
    while (!rest.empty()) {
      if (rest[0] == '\n') {  // a blank line
        rest.remove_prefix(1);
        ++line;
        continue;
      }
      if (splitter.Split(rest, fields, &size)) {
        if (size >= options.max_line_length) {
          FailRecordTooLong(layout.file, rest, line, options.max_line_length, true);
        }
        // (A NUL the general way met, when validating, is behind.)
        if (nul < rest.data()) nul = next_nul(rest.data());
        if (nul < rest.data() + size) {
          // Throws when loading for a report; validating, the row is left
          // out with its first NUL reported.
          problems->BeginRow();
          for (size_t i = 0; i < layout.width; ++i) {
            if (nul < fields[i].data() + fields[i].size()) {
              FailNul(problems, layout.file, layout.names[i], i,
                      static_cast<size_t>(nul - fields[i].data()), line,
                      (fields[i].data() - rest.data()) + 1);
              break;
            }
          }
          merger.Forget();
        } else {
          const uint64_t hash = validating ? PlainLineHash(rest.substr(0, size)) : 0;
          if (!merger.Merge(fields, line, hash, out, problems)) {
            size_t rows = out->rows.size();
            uint32_t lines = rows == 0 ? 0 : out->rows.back().lines;
            ParsePlainLine(rest.substr(0, size), fields, line, hash, layout, &state[w]->parser,
                           problems, out);
            merger.Note(fields, rows, lines, *out);
          }
        }
        rest.remove_prefix(std::min(size + 1, rest.size()));
        ++line;
        continue;
      }
      // Anything else the general way, with one reader for as long as the
      // lines are not plain (files that quote every field).
      merger.Forget();
      CsvReader reader(rest, layout.file, layout.delimiter, line, options.max_line_length);
      reader.set_cr_lines(layout.cr_lines);
      do {
        if (!reader.Next()) return;
        ParseCsvRecord(&reader, layout, &state[w]->parser, problems, out, has_nul);
        rest = reader.unparsed();
        line = reader.unparsed_line();
      } while (!rest.empty() && !splitter.Split(rest, fields, &size));
    }
  });
  pipeline.Run(&blocks, [&](const Batch& b) { aggregator->Apply(layout.file, b); });
}

}  // namespace retention
