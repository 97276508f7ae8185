// What `report` and `render` share once the figures exist: the text in the
// chosen format, and the --fail-if gates judged and explained on stderr.
#pragma once

#include <string>
#include <vector>

#include "cli/output_flags.h"
#include "cli/print/printers.h"
#include "retention/gates.h"
#include "retention/metrics.h"

namespace retention {

/// The report in `format`; the HTML page is titled after `files`.
std::string FormatReportAs(OutputFormat format, const std::vector<PeriodMetrics>& metrics,
                           const ReportInfo& info, const std::vector<std::string>& files);

/// --columns checked against the columns `info` gives (segment and
/// compare settled): a name that is not one is a UsageError with the
/// closest name. Returns the names in order.
std::vector<std::string> ChooseColumns(const std::vector<std::string>& names,
                                       const ReportInfo& info);

/// Checks `gates` against `metrics` and prints each failure on stderr
/// (partial periods say so, with the day they are as of; a null figure
/// is undecided and fails), with the figures --compare set beside them
/// (info.compared) for rules on _previous and _change figures. Returns
/// the number of failures.
size_t ReportGateFailures(const std::vector<Gate>& gates, const std::vector<PeriodMetrics>& metrics,
                          const ReportInfo& info);

}  // namespace retention
