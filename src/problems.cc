#include "problems.h"

namespace retention {

void Problems::Error(const Location& where, const std::string& message) {
  if (!report_) throw DataError(where, message);
  Add(Severity::kError, where, message);
}

void Problems::Warning(const Location& where, const std::string& message) {
  if (!report_) return;
  Add(strict_ ? Severity::kError : Severity::kWarning, where, message);
}

void Problems::Add(Severity severity, const Location& where, const std::string& message) {
  report_->diagnostics.push_back(Diagnostic{severity, where, message});
  if (severity == Severity::kError) {
    ++report_->errors;
  } else {
    ++report_->warnings;
  }
  if (row_in_file_ && last_row_with_problem_ != row_) {
    last_row_with_problem_ = row_;
    ++report_->rows_with_problems;
  }
  if (severity == Severity::kError && max_errors_ > 0 && report_->errors >= max_errors_) {
    throw StopChecking{};
  }
}

}  // namespace retention
