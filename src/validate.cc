#include "retention/validate.h"

#include "load_checked.h"
#include "problems.h"

namespace retention {

const char* SeverityName(Severity severity) {
  return severity == Severity::kError ? "error" : "warning";
}

std::string Diagnostic::ToString() const {
  std::string location = where.ToString();
  return (location.empty() ? "" : location + ": ") + SeverityName(severity) + ": " + message;
}

ValidationReport ValidateOrders(const std::vector<std::string>& paths,
                                const ValidateOptions& options) {
  ValidationReport report;
  Problems problems(&report, options.load.strict, options.max_errors);
  try {
    LoadOrdersChecked(paths, options.load, &problems, &options.as_of);
  } catch (const StopChecking&) {
    report.stopped_early = true;
  }
  return report;
}

}  // namespace retention
