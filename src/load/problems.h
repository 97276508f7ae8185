// Where the loader sends the problems it finds: thrown at once when loading
// for a report, collected (and the row skipped) when validating.
#pragma once

#include <cstdint>
#include <string>

#include "retention/error.h"
#include "retention/validate.h"

namespace retention {

/// Thrown when validation reaches --max-errors or --max-warnings.
struct StopChecking {};

class Problems {
 public:
  /// Report mode: the first error throws DataError; warnings are dropped.
  Problems() = default;
  /// Validate mode: everything goes into `report` (listed or counted, as
  /// `options` say); warnings count as errors when `strict`; StopChecking
  /// is thrown after max_errors errors or max_warnings warnings (0: no
  /// limit).
  Problems(ValidationReport* report, bool strict, const ValidateOptions& options);

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

  void Error(const Location& where, Check check, const std::string& message);
  void Warning(const Location& where, Check check, const std::string& message);

  /// Whether a warning of this kind would be listed: when not, callers
  /// whose message is costly to build may pass an empty one (it is only
  /// counted).
  bool ListsWarning(Check check) const {
    return report_ && Seen(strict_ ? Severity::kError : Severity::kWarning, check) <
                          Listed(strict_ ? Severity::kError : Severity::kWarning);
  }

  /// Fills in the report's unlisted counts; call once, at the end.
  void Finish();

 private:
  void Add(Severity severity, const Location& where, Check check, const std::string& message);
  int64_t& Seen(Severity severity, Check check) {
    return seen_[severity == Severity::kError][static_cast<int>(check)];
  }
  int64_t Seen(Severity severity, Check check) const {
    return seen_[severity == Severity::kError][static_cast<int>(check)];
  }
  int64_t Listed(Severity severity) const { return listed_[severity == Severity::kError]; }

  ValidationReport* report_ = nullptr;
  bool strict_ = false;
  int64_t max_errors_ = 0;
  int64_t max_warnings_ = 0;
  int64_t listed_[2] = {};             // per check, of warnings and of errors
  int64_t seen_[2][kCheckCount] = {};  // [error?][check]
  int64_t row_ = 0;
  int64_t last_row_with_problem_ = 0;
  bool row_in_file_ = false;
};

}  // namespace retention
