// Where the loader sends the problems it finds: thrown at once when loading
// for a report, collected (and the row skipped) when validating.
#pragma once

#include <cstdint>
#include <string>

#include "retention/error.h"
#include "retention/validate.h"

namespace retention {

/// Thrown when validation reaches --max-errors.
struct StopChecking {};

class Problems {
 public:
  /// Report mode: the first error throws DataError; warnings are dropped.
  Problems() = default;
  /// Validate mode: everything goes into `report`; warnings count as errors
  /// when `strict`; StopChecking is thrown after `max_errors` errors (0: no
  /// limit).
  Problems(ValidationReport* report, bool strict, int64_t max_errors)
      : report_(report), strict_(strict), max_errors_(max_errors) {}

  /// True when validating: callers skip the bad row and go on.
  bool collecting() const { return report_ != nullptr; }

  /// Marks the start of a data row, so problems are counted per row.
  void BeginRow() {
    ++row_;
    if (report_) ++report_->rows;
  }
  /// Problems from here on concern a whole file, not a row.
  void EndRows() { row_in_file_ = false; }
  void BeginRows() { row_in_file_ = true; }

  void Error(const Location& where, const std::string& message);
  void Warning(const Location& where, const std::string& message);

 private:
  void Add(Severity severity, const Location& where, const std::string& message);

  ValidationReport* report_ = nullptr;
  bool strict_ = false;
  int64_t max_errors_ = 0;
  int64_t row_ = 0;
  int64_t last_row_with_problem_ = 0;
  bool row_in_file_ = false;
};

}  // namespace retention
