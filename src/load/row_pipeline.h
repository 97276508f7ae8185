// From the text of one row to the order table, in two steps: RowParser
// turns fields into a ParsedRow (any thread), RowAggregator adds parsed rows
// to the table (one thread, in input order). Splitting them lets large
// files parse on every core while the result stays that of one pass.
#pragma once

#include <atomic>
#include <bitset>
#include <cstdint>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/load_bytes.h"
#include "base/text.h"
#include "input/byte_source.h"
#include "load/column_mapping.h"
#include "load/export_layouts.h"
#include "load/id_tickets.h"
#include "load/order_table_builder.h"
#include "load/problems.h"
#include "load/seen_rows.h"
#include "load/sniff.h"
#include "retention/load.h"

namespace retention {

/// One value of a row and where it came from.
struct Cell {
  std::string_view text;
  int64_t line = 0;
  int64_t column = 0;
  int index = -1;                     // 0-based field number
  const std::string* name = nullptr;  // the header name or JSON key
  bool json_number = false;           // a JSON number, not a string: read as JSON writes it
  bool json_exponent = false;         // one written with an exponent (1.2e+16), text expanded
};

/// The cells of the columns of a known export's rules (ColumnIndices).
struct LayoutCells {
  Cell left_out[kLayoutRules], refunded, customer_fallback, credit;
};

/// The cells of one row that play a role.
struct Row {
  Cell customer, order, date, amount, quantity, price, currency, segment;
  /// For a file read as a known export, the cells of its rules; else null.
  const LayoutCells* layout;
  /// The unnamed column after the amount (ColumnIndices::amount_spill).
  Cell amount_spill;
  /// The amount with tax beside the one read (ColumnIndices::gross_amount).
  Cell gross_amount;
  /// Split by currency (ColumnIndices::split_by_currency): `segment` is the
  /// row's currency, and `currency` has no column.
  bool segment_is_currency = false;
  /// The cell that says the row's currency, if any.
  const Cell& currency_cell() const { return segment_is_currency ? segment : currency; }
};

/// A row after parsing. Strings live in the batch's `text`, except ids
/// that are plain numbers: their code (StringInterner::Code) holds them,
/// and their offset is kSpelledByCode. Other ids carry their hash code
/// until RowAggregator::Prepare gives them their ticket code (id_tickets.h).
struct ParsedRow {
  // Left uninitialized: RowParser sets every member, and zeroing 100 bytes
  // per row showed in profiles.
  ParsedRow() {}  // not "= default", with which emplace_back() zeroes them
  uint32_t customer_offset, customer_size;
  uint32_t order_offset, order_size;
  uint32_t currency_offset, currency_size;
  bool has_currency;
  bool has_segment;
  /// The currency symbol the amount was written with (CurrencySymbolOf),
  /// 0 for none; then, without a currency column, currency_column is the
  /// amount's column.
  uint8_t symbol;
  /// A line of a credit note (ExportLayout::credit), its amount as written:
  /// RowAggregator lowers revenue by the note's total, whatever its sign.
  bool credit;
  uint32_t segment_offset, segment_size;
  int32_t order_column;    // in what was padding before customer_code
  uint64_t customer_code;  // StringInterner::Code
  uint64_t order_code;
  Time time;
  Money amount;
  int64_t line;       // of the customer cell (also the date's, unless a quoted
  int64_t date_line;  // field spans lines)
  int32_t customer_column, date_column, currency_column;
  /// Input rows merged into this one: consecutive purchase lines of one
  /// order, customer, time, currency and segment become one row.
  uint32_t lines;
};

// A batch holds a row per input line: the order column took padding, and
// nothing should grow the row unnoticed.
static_assert(sizeof(ParsedRow) <= 104, "ParsedRow grew");

/// The offset of an id that is not stored (see ParsedRow).
constexpr uint32_t kSpelledByCode = UINT32_MAX;

/// Parsed rows of one stretch of input, with what the parser counted.
struct Batch {
  /// Validation: the keys of its rows in input order (SeenRows::Key),
  /// given by RowAggregator::GiveKeys before it is parsed; kept by Clear(),
  /// as is `bytes`.
  uint64_t first_key = 0, keys = 0;
  /// Bytes of input the batch was parsed from (0 when not counted).
  uint64_t bytes = 0;
  std::vector<ParsedRow> rows;
  std::string text;
  int64_t rows_without_customer = 0;
  Location first_row_without_customer;
  /// Rows read but adding nothing of their own: further lines of an order
  /// whose first line holds its total (a known export's rule).
  int64_t continuation_rows = 0;
  /// Rows a known export's rules leave out (LoadStats::rows_left_out).
  int64_t rows_left_out = 0;
  Location first_row_left_out;
  /// The input's segment column is its currency column.
  bool segments_are_currencies = false;
  /// A known export's e-mail beside the customer each row counts as
  /// (ExportLayout::email_of_customer): hashes of the folded e-mail and of
  /// the customer id, and the row's line.
  struct EmailOfCustomer {
    uint64_t email, customer;
    int64_t line;
  };
  std::vector<EmailOfCustomer> emails;
  std::string_view email_fix;  // ExportLayout::by_email
  /// Rows whose refunds are more than their amount (LoadStats).
  int64_t refunds_above_amount = 0;
  Location first_refunds_above_amount;
  /// Lines merged into the line before them (of one order and time) whose
  /// amount column is named like an order's total, and those of them
  /// whose amount is the line before's: LoadStats::lines_of_order_totals.
  int64_t order_total_lines = 0, order_total_repeats = 0;
  Location first_order_total_line;
  std::string order_total_column;
  /// When the amount column is named like an order's total,
  /// order_total_column names it (it is empty otherwise) and this is its
  /// position (0 in JSON): the aggregator checks the lines of an order
  /// that do not follow each other.
  int32_t order_total_amount_column = 0;
  /// The problem that ended this batch early (report mode only); rows
  /// before it are complete.
  std::optional<DataError> error;
  /// RowAggregator::Prepare ran.
  bool prepared = false;
  /// Validation only: what the parse worker found, and for each row of
  /// `rows` the recorded row (RecordedProblems::Finding::row) it began at.
  RecordedProblems recorded;
  std::vector<uint32_t> recorded_rows;
  /// Validation only: the further lines merged into rows (see
  /// ParsedRow::lines), so that an error about a row is one per line.
  struct MergedLine {
    uint32_t row_index;     // into `rows`
    uint32_t recorded_row;  // RecordedProblems::Finding::row
    int64_t line, date_line;
    int32_t customer_column, date_column;
  };
  std::vector<MergedLine> merged_lines;

  /// Validation: notes that the line being read (its customer and date
  /// cells at these places) was merged into the last row.
  void NoteMerged(const Problems& problems, int64_t line, int64_t customer_column,
                  int64_t date_line, int64_t date_column) {
    if (!problems.recording()) return;
    merged_lines.push_back({static_cast<uint32_t>(rows.size() - 1), problems.recorded_row(), line,
                            date_line, static_cast<int32_t>(customer_column),
                            static_cast<int32_t>(date_column)});
  }

  void Clear();
  std::string_view Text(uint32_t offset, uint32_t size) const {
    return std::string_view(text.data() + offset, size);
  }
  /// An id's text, for messages: stored, or spelled from its code.
  std::string IdText(uint32_t offset, uint32_t size, uint64_t code) const;
};

/// Parses cells into ParsedRows. Keep one per thread.
class RowParser {
 public:
  /// Reads dates and numbers as `formats` say, and rows by the rules of
  /// `layout` when not null (both must outlive it). With `as_of`, dates
  /// after that day are problems (validation).
  RowParser(const LoadOptions& options, const FileFormats& formats, const ExportLayout* layout,
            Problems* problems, const CivilDate* as_of);

  /// Parses `row` and appends it to `batch`; a problem goes to `problems`
  /// (which throws in report mode) and the row is left out.
  void Parse(const std::string& file, const Row& row, Batch* batch);
  /// The cells' names (Cell::name) may now hold other text at the same
  /// address (JSON keys refilled in place): what was derived from them is
  /// derived again.
  void ForgetColumnNames() {
    amount_name_known_ = false;
    customer_name_known_ = false;
  }

  /// A refund of the row being parsed (its order's refunded amount, or
  /// one of a listed few), and when it was made.
  struct Refund {
    Money amount;
    Time time;
  };

 private:
  // False (and a problem reported) when `text`, of `cell`, is not UTF-8.
  bool IsValidUtf8(std::string_view text, const std::string& file, const Cell& cell);
  // Whether the row's ColumnIndices::amount_spill holds digits: the cents
  // of an amount cut in two, failed.
  bool AmountSpilled(const std::string& file, const Row& row);
  // A file whose first rows told no decimal separator reads "1.500" as
  // 1.5: true (and a problem reported) when `cell` also reads otherwise,
  // as the same value there would have stopped the run.
  [[gnu::noinline]] bool IsAmbiguous(const std::string& file, const Cell& cell);
  // False (and a problem reported) when the cell is not an amount.
  bool ParseAmount(const std::string& file, const Cell& cell, const char* role, Money* value);
  // What to do about the date `text` no format read (for its message).
  std::string DateFix(std::string_view text) const;
  [[gnu::noinline]] void FailAmount(const std::string& file, const Cell& cell, const char* role,
                                    MoneyError why);
  void Fail(const std::string& file, const Cell& cell, Check check, const std::string& message);
  // The rules of layout_ for `row`: false when the row adds nothing (a
  // further line of an order, or one left out, counted in `batch`).
  bool ApplyLayout(const std::string& file, const Row& row, Batch* batch);
  // Warns that `what` ("the date"), `text` of `cell`, read as `time`, is
  // after --as-of: what it dates (`dated`: "the row") is in no figure.
  void WarnAfterAsOf(const std::string& file, const Cell& cell, const char* what,
                     std::string_view text, Time time, const char* dated);
  // Appends the refunds `row`'s refunded cell holds to refunds_, dated with the
  // order (at `order_time`) unless listed with a date of their own; false
  // after a problem. Read before the row is added or merged, so a refund
  // is never lost and a bad one leaves the whole row out.
  bool ReadRefunds(const std::string& file, const Row& row, Time order_time);
  // `*value`, read from `cell` whose name says cents, in currency units;
  // false (an error reported) past 4 decimals of them. The row's currency
  // (Row::currency_cell, or one named in the amount's column name) says
  // how many cents make a unit: money libraries keep the "cents" of a
  // currency without them (JPY, KRW) as whole units.
  bool InCents(const std::string& file, const Row& row, const Cell& cell, Money* value);
  // Smallest units in one unit of currency `code` (1, 100 or 1000, as
  // MinorUnitDigits says), remembered for the rows that repeat it.
  int64_t MinorUnitsOf(std::string_view code);
  // `*amount` and refunds_, read in the smallest unit of the row's
  // currency (ExportLayout::minor_units), in currency units; false (an
  // error reported) when one is no whole number of that unit.
  bool InMinorUnits(const std::string& file, const Row& row, Money* amount);
  // Warns when the refunds of the row (refunds_) are more than `amount`.
  void WarnRefundsAboveAmount(const std::string& file, const Row& row, Money amount, Batch* batch);
  // Adds the e-mail of `email_cell` (if any) beside `customer`, the id
  // the row counts as, to batch->emails.
  void NoteEmailOfCustomer(const Cell& email_cell, uint64_t customer_code, Batch* batch);

  const LoadOptions& options_;
  const FileFormats& formats_;
  const ExportLayout* layout_;
  // Numbers with a decimal point: the common short ones read inline.
  bool decimal_point_;
  DateParser dates_;
  DateParser iso_dates_;  // listed refunds' dates, written so by their plugin
  DateParser::DayCache day_;
  Problems* problems_;
  Time future_;
  std::string error_;
  // The last date text read (when short enough to keep), and its time:
  // lines of one order repeat their date.
  char last_date_[32];
  size_t last_date_size_ = SIZE_MAX;  // none
  Time last_time_ = 0;
  // Whether the amount column (by its header name, checked when the name
  // changes) is named like an order's total, and the last line's amount.
  const std::string* amount_name_ = nullptr;
  bool amount_name_known_ = false;
  // The customer cell's column name (and the fallback's) when last looked
  // at, and whether it names e-mail addresses (NamesEmail); `folded_`
  // holds such an id in lower case.
  bool customer_name_known_ = false;
  const std::string* customer_name_ = nullptr;
  const std::string* fallback_name_ = nullptr;
  bool customer_is_email_ = false, fallback_is_email_ = false;
  std::string folded_;
  // The currency symbol of the row's amount (or price) being parsed.
  uint8_t row_symbol_ = 0;
  int64_t symbol_column_ = 0;
  bool amount_is_order_total_ = false;
  // The currency code the amount column's name holds ("Amount [EUR]").
  std::string amount_name_currency_;
  // The amount (price) column's name says cents (NamesCents).
  bool amount_in_cents_ = false;
  const std::string* price_name_ = nullptr;
  bool price_in_cents_ = false;
  int64_t last_line_units_ = 0;
  // MinorUnitsOf: the last currency and its smallest units in one unit.
  std::string last_currency_;
  int64_t last_minor_units_ = 100;
  std::string email_folded_;  // NoteEmailOfCustomer's e-mail in lower case
  // The refunds of the row being parsed (ReadRefunds); none without a layout.
  std::vector<Refund> refunds_;
};

/// Adds the date and number cells of `row` (those mapped, not empty) to
/// `sample`, as one row.
void AddToSample(const Row& row, Sample* sample);

/// The legacy encodings a value that is no UTF-8 most likely comes from,
/// as Excel saves "CSV" in their regions.
enum class LegacyEncoding { kWindows1252, kCyrillic, kShiftJis, kTwoByte };
/// Which of them `text` (no UTF-8) reads as: Windows-1252 unless it is
/// mostly bytes past ASCII, then Windows-1251 (Cyrillic), Shift_JIS, or
/// another two-byte encoding (GBK, CP949).
LegacyEncoding GuessLegacyEncoding(std::string_view text);

/// The command that converts `file` to UTF-8, beside it, for messages,
/// from the encoding `text` (a value that is no UTF-8) reads as, with the
/// other likely ones in brackets after it; Windows-1252's bracket only if
/// `name_western`.
std::string IconvCommand(const std::string& file, std::string_view text, bool name_western = false);

/// Adds parsed rows to the table in input order, checking what needs every
/// row seen before: one customer per order, one currency.
class RowAggregator {
 public:
  explicit RowAggregator(Problems* problems) : problems_(problems) {}

  /// Adds every row of `batch` (Prepared).
  void Apply(const std::string& file, const Batch& batch);

  /// Reports progress through `report` (LoadOptions::progress, which may
  /// be empty) every few thousand rows while `source` is read.
  void WatchProgress(const std::function<void(const LoadProgress&)>& report,
                     const ByteSource* source, int file_number, int file_count);

  /// The stored bytes of the files to be read after this one, as far as
  /// known (0 for standard input): validating, room for their rows is made
  /// with this file's, as SeenRows takes a single reservation.
  void ExpectLaterFiles(uint64_t bytes) { later_bytes_ = bytes; }

  /// Rows at `future` or later are known to no figure (LoadOptions::
  /// known_until): a customer's segment comes from a row before it.
  void KnowUntil(Time future) { builder_.KnowUntil(future); }

  /// The segments are currencies (see LoadStats::segments_are_currencies).
  void NoteSegmentsAreCurrencies() { stats_.segments_are_currencies = true; }
  /// The rows of the file read next are whole orders (a known export's
  /// ExportLayout::whole_orders); call for every file.
  void NoteOrderRows(bool whole, bool together) {
    EndFile();
    builder_.StartFile(whole, together);
    refund_list_order_.Forget();
  }
  /// The segment column's name and position (from 1, 0 when unknown) in a
  /// file read; the first file's are kept (see LoadStats::segment_column).
  void NoteSegmentColumn(const std::string& name, int number) {
    if (!stats_.segment_column.empty()) return;
    stats_.segment_column = name;
    stats_.segment_column_number = number;
  }

  /// Gives `batch` the keys of up to `max_rows` rows (SeenRows): call for
  /// each batch in input order before it is parsed, and apply them in that
  /// order.
  void GiveKeys(Batch* batch, uint64_t max_rows) {
    batch->first_key = next_key_;
    batch->keys = max_rows;
    next_key_ += max_rows;
  }
  /// Gives the ids of a parsed batch their tickets (id_tickets.h), which
  /// takes finding them by their text off the in-order thread; validating,
  /// checks its rows for duplicates (SeenRows). Call once per batch before
  /// Apply, from any thread (parse workers do).
  void Prepare(Batch* batch);
  /// Validation: forgets the rows of batches prepared but not applied (a
  /// file ended by an error), once no worker is adding any.
  void ForgetUnapplied();
  OrderTable Finish(int64_t files);
  /// The rows seen so far (validation), for tests.
  const SeenRows& seen_rows() const { return seen_rows_; }

 private:
  // What adding a row said about it.
  enum class Applied {
    kOk,                    // added (or left out for its currency, reported once)
    kOnOtherDate,           // added, with a warning: its order is dated earlier (validation)
    kOrderOfOtherCustomer,  // left out, with an error
    kRepeatedOrder,         // left out, with an error
  };
  // Adds row `i` of `batch`.
  Applied ApplyRow(const std::string& file, const Batch& batch, size_t i);
  // What a credit note's line (ParsedRow::credit) takes from revenue, as
  // if the note were written positive, and the note it belongs to
  // (kNoNote for a line without an order id, taken as its own note).
  static constexpr uint32_t kNoNote = UINT32_MAX;
  Money CreditLineAmount(const ParsedRow& row, uint32_t* note);
  // Turns the credit lines of notes written negative (FinishCreditNotes).
  void FinishCreditNotes();
  // The error for `row` of `batch`, at `where`: its order was first seen
  // with another customer.
  void FailOtherCustomer(const Location& where, const Batch& batch, const ParsedRow& row);
  // The warning for `row` of `batch`, at `where`: its order has lines on
  // an earlier date.
  void WarnOtherDate(const Location& where, const Batch& batch, const ParsedRow& row);
  // A purchase row of an order an earlier file listed: counted, and
  // when validating, a warning.
  void NoteEarlierFilesOrder(const std::string& file, const Batch& batch, const ParsedRow& row);
  void CountOrderTotalLine(const std::string& file, const Batch& batch, const ParsedRow& row,
                           uint32_t lines_before);
  // Validation: Apply with the batch's recorded problems replayed in input
  // order around its rows.
  void ApplyReplaying(const std::string& file, const Batch& batch);
  // The warning for a row at `line` that repeats an earlier row with this
  // hash.
  void WarnDuplicate(const std::string& file, int64_t line, uint64_t hash);
  bool CheckCurrency(const std::string& file, const Batch& batch, const ParsedRow& row);
  bool CheckSymbol(const std::string& file, const ParsedRow& row);
  enum class SymbolSeen { kInRow, kSymbolEarlier, kCurrencyEarlier };
  bool CheckSymbolFits(const Location& where, int symbol, std::string_view currency,
                       SymbolSeen seen, const Location& earlier);
  void ReportProgress();

  Problems* problems_;
  // Credit notes (CreditLineAmount): each note's index by its order code and
  // customer code, the sum of its lines as written, and the amounts its
  // lines added, by note, to turn when the note's total is known.
  struct CodePairHash {
    size_t operator()(const std::pair<uint64_t, uint64_t>& p) const {
      return std::hash<uint64_t>()(p.first * 0x9e3779b97f4a7c15ull ^ p.second);
    }
  };
  std::unordered_map<std::pair<uint64_t, uint64_t>, uint32_t, CodePairHash> credit_note_index_;
  std::vector<__int128> credit_note_written_;
  struct CreditLine {
    size_t amount;  // the builder's amount index
    uint32_t note;
  };
  std::vector<CreditLine> credit_lines_;
  struct {
    const std::function<void(const LoadProgress&)>* report = nullptr;
    const ByteSource* source = nullptr;
    int file_number = 0, file_count = 0;
    int64_t next_rows = 0;  // report once stats_.rows reaches it
  } progress_;
  // The span of the file being read and of the files before it, and
  // whether the file names orders (LoadStats::overlapping_file).
  void EndFile();
  struct Span {
    Time first = 0, last = 0;
    bool any = false;
    void Add(Time t) {
      if (!any || t < first) first = t;
      if (!any || t > last) last = t;
      any = true;
    }
  };
  Span file_span_, earlier_span_;
  bool file_names_orders_ = false;
  std::string file_name_;
  IdTickets tickets_;
  OrderTableBuilder builder_;
  LoadStats stats_;
  // ExportLayout::email_of_customer: each e-mail's first customer and row
  // (its file by number in email_files_), and whether it was counted as
  // several customers' yet.
  struct FirstCustomer {
    uint64_t customer;
    int64_t line;
    uint32_t file;
    bool counted;
  };
  std::vector<std::string> email_files_;
  std::unordered_map<uint64_t, FirstCustomer> email_customers_;
  // An export of a row per order line repeats the order's refund list on
  // each (order_rows_together, OrderTableBuilder::orders_together): the
  // refunds of the order's first line count, those of its further lines
  // not. Decided here, in input order, so that blocks parsed on any number
  // of threads agree.
  LastId refund_list_order_;  // the order of the refund list counted last
  int64_t refund_list_line_ = 0;
  std::string currency_;
  std::string currency_said_;  // currency_ as its first row wrote it
  std::string segment_text_;   // a segment upper-cased when segments are currencies
  Location currency_where_;
  // The first currency symbol (CurrencySymbolOf) and where; bit s set for
  // each other symbol s reported.
  int symbol_ = 0;
  Location symbol_where_;
  std::bitset<kMaxCurrencySymbol + 1> other_symbols_;
  // Symbols found to be symbol_'s currency ("$" beside "USD"): looked up
  // once.
  std::bitset<kMaxCurrencySymbol + 1> same_currency_;
  std::set<std::string> other_currencies_;
  // For each symbol, the last currency found to fit it; each misfit pair
  // reported.
  std::string fitted_currency_[kMaxCurrencySymbol + 1];
  std::set<std::string> misfits_;
  // The row last warned as a repeat of an earlier one (validation): the
  // file's name as passed for it, and its line.
  const std::string* last_duplicate_file_ = nullptr;
  int64_t last_duplicate_line_ = 0;
  // Split by currency: customers found paying in two (reported once).
  int64_t customers_in_two_currencies_ = 0;
  // Lines so far per order, when amounts are named like an order's total
  // (CountOrderTotalLine); empty otherwise.
  std::vector<uint32_t> order_lines_;
  // Validation, for the duplicate check.
  uint64_t next_key_ = 0;      // GiveKeys
  uint64_t applied_keys_ = 0;  // the keys of the batches applied end here
  // Keys to rows of the batches applied: from `key` on, the row with key k
  // is row k + offset (a new run wherever that stops holding).
  struct KeyRun {
    uint64_t key;
    int64_t offset;
  };
  std::vector<KeyRun> key_runs_;
  SeenRows seen_rows_;
  // The size of the file being read (0: unknown), and whether a batch of it
  // has been used to estimate its rows, for SeenRows::Reserve.
  std::atomic<uint64_t> file_bytes_{0};
  std::atomic<uint64_t> later_bytes_{0};  // ExpectLaterFiles
  std::atomic<bool> rows_estimated_{false};
  bool columns_reserved_ = false;  // Apply's estimate of the orders, once a load
  // Rows of batches not applied yet that repeat an earlier row, found by
  // an earlier batch's worker (SeenRows::Found::later): key to hash.
  std::map<uint64_t, uint64_t> later_repeats_;
  std::vector<SeenRows::Mark> repeats_;  // scratch, per batch
};

/// Leading and trailing spaces and tabs removed.

/// Whether a and b (both `size` bytes) are equal. Dates and ids are short:
/// a few word compares beat a call to memcmp.
inline bool SameBytes(const char* a, const char* b, size_t size) {
  auto word = [](const char* p) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    return w;
  };
  if (size >= 8 && size <= 16) {
    return word(a) == word(b) && word(a + size - 8) == word(b + size - 8);
  }
  if (size > 16 && size <= 32) {
    return word(a) == word(b) && word(a + 8) == word(b + 8) &&
           word(a + size - 16) == word(b + size - 16) && word(a + size - 8) == word(b + size - 8);
  }
  if (size >= 4 && size < 8) {
    uint32_t a4[2], b4[2];
    std::memcpy(&a4[0], a, 4);
    std::memcpy(&a4[1], a + size - 4, 4);
    std::memcpy(&b4[0], b, 4);
    std::memcpy(&b4[1], b + size - 4, 4);
    return a4[0] == b4[0] && a4[1] == b4[1];
  }
  if (size < 4) {  // mostly empty (no currency or segment column)
    for (size_t i = 0; i < size; ++i) {
      if (a[i] != b[i]) return false;
    }
    return true;
  }
  return std::memcmp(a, b, size) == 0;
}

inline bool SameText(std::string_view a, std::string_view b) {
  return a.size() == b.size() && SameBytes(a.data(), b.data(), a.size());
}

/// A 64-bit hash of a row's fields, for finding exact duplicate rows: a
/// word at a time, as it runs on every row validated.
class RowHash {
 public:
  void Add(std::string_view field) {
    const char* p = field.data();
    size_t n = field.size();
    uint64_t h = hash_;
    for (; n >= 8; p += 8, n -= 8) {
      uint64_t word;
      std::memcpy(&word, p, 8);
      h = Step(h ^ word, 0x9E3779B97F4A7C15ull);
    }
    // The rest, with its length, mixed by another constant: every field
    // ends in exactly one such word, so fields cannot run into each other.
    const uint64_t tail = LoadUpTo8(p, n) | static_cast<uint64_t>(n) << 56;
    hash_ = Step(h ^ tail, 0xC2B2AE3D27D4EB4Full);
  }
  uint64_t value() const { return Step(hash_ ^ (hash_ >> 29), 0x165667B19E3779F9ull); }

 private:
  static uint64_t Step(uint64_t h, uint64_t multiplier) {
    h *= multiplier;
    return h ^ (h >> 32);
  }
  uint64_t hash_ = 0x243F6A8885A308D3ull;
};

}  // namespace retention
