// Loading order files (CSV, JSON, NDJSON; plain, gzip or stdin) into an
// OrderTable.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "retention/dates.h"
#include "retention/orders.h"

namespace retention {

/// The file format; kAuto decides from the extension (".csv", ".tsv",
/// ".json", ".ndjson", ".jsonl", each optionally ".gz"), else from the
/// first bytes ('[' JSON array, '{' NDJSON, anything else CSV).
enum class InputFormat { kAuto, kCsv, kJson, kNdjson };

/// Parses "auto", "csv", "tsv" (CSV with tabs), "json", "ndjson"/"jsonl".
/// Throws UsageError.
InputFormat ParseInputFormat(const std::string& text, char* delimiter);

/// Which input column holds what. An empty name means "find it among the
/// usual header names" (case-insensitive, ignoring spaces, '_' and '-'):
///   customer: customer_id, customer, customerid, client_id, user_id, ...
///   order:    order_id, order, invoice, invoiceno, invoice_no, ...
///   date:     date, order_date, created_at, invoicedate, timestamp, ...
///   amount:   amount, revenue, total, order_total, ...
/// A name may also be a 1-based column number ("3"), which is how files
/// without a header are mapped.
struct ColumnMapping {
  std::string customer;
  std::string order;
  std::string date;
  std::string amount;
  /// With `price`: amount = quantity x price. Both set, `amount` is not
  /// read (as SqlSource), nor is an amount column found by its name.
  std::string quantity;
  std::string price;
  /// The currency column (default: currency, currency_code). When present,
  /// every row must carry the same currency: sums across currencies would
  /// be meaningless.
  std::string currency;
  /// A customer attribute to split figures by (--by), by name or number;
  /// empty for none. A customer belongs to the value on their first order.
  std::string segment;
};

/// LoadOptions::thousands_separator for numbers written without one.
inline constexpr char kNoThousandsSeparator = 'n';

/// How far loading has got, for a progress display (LoadOptions::progress).
struct LoadProgress {
  /// The file being read, as named in messages, and its place among them.
  std::string_view file;
  int file_number = 1;
  int file_count = 1;
  /// Bytes of that file as stored (compressed bytes for gzip) read so far,
  /// and its size; 0 when the size is unknown (standard input, a pipe).
  uint64_t bytes_done = 0;
  uint64_t bytes_total = 0;
  /// Data rows read so far, in every file.
  int64_t rows = 0;
  /// Loading is over, done or failed; the other fields are then unset.
  bool finished = false;
};

/// How to read the input. Defaults suit a CSV export with a header.
struct LoadOptions {
  InputFormat format = InputFormat::kAuto;
  /// A known export layout (Shopify, WooCommerce, Stripe, Online Retail;
  /// docs/formats.md): its name forces it, "" recognizes one by the
  /// header, "none" turns recognition off. A recognized layout maps the
  /// columns `columns` leaves to detection and applies its rules (line
  /// items merged, failed payments left out, refunds read).
  std::string layout;
  ColumnMapping columns;
  /// A strftime-style pattern (see DateParser); empty reads ISO 8601, or
  /// the layout the first rows of each file show ("31.12.2023",
  /// "12/1/2010 8:26"), day or month first only when a value proves it.
  std::string date_format;
  /// The decimal separator of amounts, quantities and prices, '.' or ',';
  /// 0 tells it from the first rows of each file ("1.234,56", "1234,5").
  char decimal_separator = 0;
  /// Their thousands separator: ',', '.', ' ' (also U+00A0, U+202F), '\''
  /// or kNoThousandsSeparator; 0 allows any that is not the decimal one.
  char thousands_separator = 0;
  /// Called with a sentence for each file read as a known layout, or whose
  /// dates or numbers were read other than as ISO dates and plain
  /// decimals, saying how ("orders.csv: read amounts with a decimal comma
  /// ..."), and with one starting "warning: " for an option the file does
  /// not use (--delimiter for JSON). Empty: none.
  std::function<void(const std::string&)> notice;
  /// The time zone figures are reported in.
  TimeZone time_zone;
  /// CSV field separator; 0 detects it from the header line (',', ';',
  /// '\t' or '|'). ' ' means "runs of spaces or tabs", for fixed-width and
  /// whitespace-separated exports.
  char delimiter = 0;
  /// False when the CSV has no header row (map columns by number).
  bool header = true;
  /// Rows without a customer id are errors instead of warnings.
  bool strict = false;
  /// Threads that parse CSV in parallel; 0 uses every core. The result is
  /// the same for any number.
  int threads = 0;
  /// The longest record (a line, with its line end; or a CSV record whose
  /// quoted fields span lines) in bytes. A longer one is a DataError at the
  /// point where the limit is passed, found before the rest of it is read,
  /// so memory stays bounded whatever the input (binary, /dev/zero). A JSON
  /// array file is one document and is read whole.
  size_t max_line_length = size_t{1} << 20;
  /// Called now and then on the loading thread (after each block of about
  /// half a megabyte, or every few thousand rows when validating), and
  /// once with `finished` when loading ends, however it ends. Empty: none.
  /// Loading waits for it, so it should only take a note. What it throws
  /// ends loading and reaches the caller of LoadOrders (a way to cancel),
  /// unless loading is ending by another exception, which then wins.
  std::function<void(const LoadProgress&)> progress;
  /// For a postgresql:// source: the SELECT whose rows are read (--table,
  /// --query).
  std::string database_query;
  /// The --as-of day: rows dated after it are in no figure, so they decide
  /// no customer's segment (--by) while a row known by then does. Empty:
  /// every row is known.
  std::optional<CivilDate> known_until;
};

/// The names LoadOptions::layout takes besides "" and "none": "shopify",
/// "woocommerce", "stripe", "online-retail".
std::vector<std::string> KnownLayouts();

/// Reads every file ("-" is standard input) as one data set.
/// Throws DataError naming file, line and column for anything it cannot
/// use, and UsageError for contradictory options.
OrderTable LoadOrders(const std::vector<std::string>& paths, const LoadOptions& options);

/// When every further line of an order repeats the amount of the line
/// before in a column named like an order's total (LoadStats::
/// order_total_lines), what to tell the user: the column is likely the
/// order's total on each line, and each order then counts once per line.
/// Not when the lines' amounts differ anywhere, nor when --amount-col
/// named the column. The message leaves out where (first_order_total_line).
std::optional<std::string> OrderTotalOnLinesWarning(const LoadStats& stats);

/// Throws DataError when `table` holds refunds but no order: there is
/// nothing to report, and the amount column is likely wrong. The message
/// counts the refunds among the rows read.
void RequireOrders(const OrderTable& table);

/// Throws DataError when `table` holds rows but no order dated on or
/// before `as_of`: nothing was known that day, which is a wrong --as-of or
/// wrong dates rather than a report of zeros; or no order at all, only
/// refunds. The message names `as_of` and the first order's date. A table
/// without any row passes.
void RequireOrdersBy(const OrderTable& table, CivilDate as_of);

}  // namespace retention
