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

/// One problem in the input.
struct Diagnostic {
  Severity severity = Severity::kError;
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
  /// Orders dated after this day are errors (they are in the future).
  CivilDate as_of;
  /// Stop after this many errors; 0 checks everything.
  int64_t max_errors = 0;
};

/// What validation found.
struct ValidationReport {
  /// Every problem, in input order (per file).
  std::vector<Diagnostic> diagnostics;
  /// Data rows read.
  int64_t rows = 0;
  /// Rows with at least one problem.
  int64_t rows_with_problems = 0;
  int64_t errors = 0;
  int64_t warnings = 0;
  /// Checking stopped at max_errors before the end of the input.
  bool stopped_early = false;
};

/// Reads every file as LoadOrders would, but instead of stopping at the
/// first problem records each one and goes on. Checks: missing columns,
/// ragged rows, unterminated quotes, invalid UTF-8, empty files, empty
/// customer ids, unreadable or impossible dates, dates after `as_of`,
/// unreadable, non-finite or out-of-range amounts, an order id with lines
/// of different customers (error) or different dates (warning), exact
/// duplicate rows (warning) and mixed currencies (error).
/// With `load.strict`, warnings count as errors.
/// Never throws for bad data; throws UsageError for bad options.
ValidationReport ValidateOrders(const std::vector<std::string>& paths,
                                const ValidateOptions& options);

}  // namespace retention
