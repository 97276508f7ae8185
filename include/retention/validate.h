// Checking order files without computing reports: every problem found,
// each with its location, for CI pipelines and data hand-offs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "retention/error.h"
#include "retention/load.h"

namespace retention {

enum class Severity { kWarning, kError };

/// "warning" or "error".
const char* SeverityName(Severity severity);

/// The kind of a problem. Beyond the first few of one kind, findings are
/// counted rather than listed, so one systematic fault (a wrong
/// --date-format, a file exported twice) does not bury the others.
enum class Check {
  kFile,           // what ends reading a file: unreadable, empty, a missing
                   // or repeated column, broken quoting or JSON
  kColumns,        // a JSON object missing a key, or naming one twice
  kFieldCount,     // a row with more or fewer fields than the header
  kUtf8,           // invalid UTF-8
  kNulByte,        // a NUL byte in a field (UTF-16 or binary data)
  kCustomerId,     // an empty customer id, or one a spreadsheet rounded
  kDate,           // a date that cannot be read
  kFutureDate,     // a date after as_of, or none on or before it
  kAmount,         // an amount, quantity or price that cannot be read
  kValue,          // a JSON value that is an object or array, an order id
                   // a spreadsheet rounded (1.23457E+16)
  kOrderCustomer,  // one order id on rows of different customers
  kOrderDates,     // one order id on lines with different dates
  kDuplicateRow,   // a row repeating an earlier one exactly
  kCurrency,       // mixed currencies
};
constexpr int kCheckCount = static_cast<int>(Check::kCurrency) + 1;

/// The kind's name in summaries: "duplicate-row", "date", ...
const char* CheckName(Check check);

/// One problem in the input.
struct Diagnostic {
  Severity severity = Severity::kError;
  Check check = Check::kFile;
  /// Where: file, line and column (line/column 0 when the problem is the
  /// whole file).
  Location where;
  /// What is wrong, with the offending value and the fix.
  std::string message;

  /// "file:line:column: error: message", the form compilers use.
  std::string ToString() const;
};

/// How to validate.
struct ValidateOptions {
  /// Formats and column mapping, as for LoadOrders.
  LoadOptions load;
  /// Orders dated after this day are warnings (a report as of that day
  /// leaves them out); none on or before it is an error. Set it: the
  /// default is 1970-01-01, not today (the CLI's default).
  CivilDate as_of;
  /// Stop after this many errors; 0 checks everything.
  int64_t max_errors = 0;
  /// Stop at a warning past this many (the input had more to check); 0
  /// checks everything.
  int64_t max_warnings = 0;
  /// Findings listed per kind and severity; later ones are only counted.
  /// A max_errors (max_warnings) above it lists up to that many errors
  /// (warnings) of a kind instead.
  int64_t listed_per_check = 10;
};

/// Findings of one kind and severity that were counted but not listed.
struct Unlisted {
  Check check = Check::kFile;
  Severity severity = Severity::kError;
  int64_t count = 0;
};

/// What validation found.
struct ValidationReport {
  /// The problems, in input order (per file): of each kind and severity
  /// the first ValidateOptions::listed_per_check.
  std::vector<Diagnostic> diagnostics;
  /// The rest, counted per kind and severity (in Check order, errors
  /// first); empty when everything is listed.
  std::vector<Unlisted> unlisted;
  /// Data rows read.
  int64_t rows = 0;
  /// Rows a known export layout says are no orders (LoadStats::rows_left_out),
  /// left out as a report leaves them out; not problems.
  int64_t rows_left_out = 0;
  Location first_row_left_out;
  /// E-mails of more than one customer (LoadStats::shared_emails): a
  /// note, not a problem.
  SharedEmails shared_emails;
  /// Rows with at least one problem.
  int64_t rows_with_problems = 0;
  int64_t errors = 0;
  int64_t warnings = 0;
  /// Files that could not be read (no such file, a read error, a truncated
  /// gzip stream, changed while read): among the errors, but no finding
  /// about the data, so the CLI exits 1 for them, not --check-exit-code.
  int64_t unreadable_files = 0;
  /// Checking stopped at max_errors or max_warnings before the end of the
  /// input.
  bool stopped_early = false;
  /// Which limit stopped it: errors (max_errors) or warnings.
  Severity stopped_by = Severity::kError;
};

/// Reads every file as LoadOrders would, but instead of stopping at the
/// first problem records each one and goes on. Checks: missing columns,
/// mapped columns or JSON keys named twice, ragged rows, unterminated quotes, invalid UTF-8, empty
/// files, empty customer ids, unreadable or impossible dates, dates after `as_of`, unreadable,
/// non-finite or out-of-range amounts, an order id with lines of different customers (error) or
/// different dates (warning), exact duplicate rows (warning) and mixed currencies (error). With
/// `load.strict`, warnings count as errors. Memory grows with the distinct rows (about 20 bytes
/// each, for duplicates) and the listed findings, not with the rows or the problems. Never throws
/// for bad data; throws UsageError for bad options.
ValidationReport ValidateOrders(const std::vector<std::string>& paths,
                                const ValidateOptions& options);

}  // namespace retention
