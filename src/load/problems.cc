#include "load/problems.h"

#include <algorithm>

namespace retention {

Problems::Problems(ValidationReport* report, bool strict, const ValidateOptions& options)
    : report_(report),
      strict_(strict),
      max_errors_(options.max_errors),
      max_warnings_(options.max_warnings) {
  // A limit that stops checking also bounds what is listed, so up to that
  // many may be listed.
  listed_[0] = std::max(options.listed_per_check, options.max_warnings);
  listed_[1] = std::max(options.listed_per_check, options.max_errors);
}

void Problems::Error(const Location& where, Check check, const std::string& message) {
  if (into_) {
    into_->findings.push_back({true, check, into_->rows, where, message});
    return;
  }
  if (!report_) throw DataError(where, message);
  Add(Severity::kError, where, check, message);
}

void Problems::Explaining(const Location& where, Check check, const std::string& message) {
  if (!report_) throw DataError(where, message);
  report_->diagnostics.insert(report_->diagnostics.begin(),
                              Diagnostic{Severity::kError, check, where, message});
  ++report_->errors;
}

void Problems::Warning(const Location& where, Check check, const std::string& message) {
  if (into_) {
    into_->findings.push_back({false, check, into_->rows, where, message});
    return;
  }
  if (!report_) return;
  Add(strict_ ? Severity::kError : Severity::kWarning, where, check, message);
}

void Problems::Add(Severity severity, const Location& where, Check check,
                   const std::string& message) {
  // Warnings stop at the first one past the limit: input that has no more
  // was checked whole, and is not "stopped early" (which fails the check).
  // Errors stop at the limit itself: the verdict is known then.
  if (severity == Severity::kWarning && max_warnings_ > 0 && report_->warnings >= max_warnings_) {
    report_->stopped_by = severity;
    throw StopChecking{};
  }
  // Past the listed ones only counted, so memory does not grow with the
  // problems.
  if (Seen(severity, check)++ < Listed(severity)) {
    report_->diagnostics.push_back(Diagnostic{severity, check, where, message});
  }
  const int64_t errors = severity == Severity::kError ? ++report_->errors : report_->errors;
  if (severity == Severity::kWarning) ++report_->warnings;
  if (row_in_file_ && last_row_with_problem_ != row_) {
    last_row_with_problem_ = row_;
    ++report_->rows_with_problems;
  }
  if (severity == Severity::kError && max_errors_ > 0 && errors >= max_errors_) {
    report_->stopped_by = severity;
    throw StopChecking{};
  }
}

void Problems::Finish() {
  if (!report_) return;
  report_->unlisted.clear();
  for (Severity severity : {Severity::kError, Severity::kWarning}) {
    for (int c = 0; c < kCheckCount; ++c) {
      Check check = static_cast<Check>(c);
      int64_t extra = Seen(severity, check) - Listed(severity);
      if (extra > 0) report_->unlisted.push_back(Unlisted{check, severity, extra});
    }
  }
}

}  // namespace retention
