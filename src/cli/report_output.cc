#include "cli/report_output.h"

#include <fmt/format.h>

#include "cli/html/print_html.h"

namespace retention {

std::string FormatReportAs(OutputFormat format, const std::vector<PeriodMetrics>& metrics,
                           const ReportInfo& info, const std::vector<std::string>& files) {
  return format == OutputFormat::kTable  ? FormatTable(metrics, info)
         : format == OutputFormat::kJson ? FormatJson(metrics, info)
         : format == OutputFormat::kHtml
             ? FormatReportHtml(metrics, info, PageTitle("Customer retention", files))
         : format == OutputFormat::kOpenMetrics ? FormatOpenMetrics(metrics, info)
                                                : FormatCsv(metrics, info);
}

size_t ReportGateFailures(const std::vector<Gate>& gates, const std::vector<PeriodMetrics>& metrics,
                          CivilDate as_of) {
  std::vector<GateFailure> failures = CheckGates(gates, metrics);
  for (const GateFailure& g : failures) {
    // A period not over yet may trip a gate only because it is short.
    std::string period =
        g.partial ? fmt::format("{} (partial: as of {})", g.period, FormatDate(as_of)) : g.period;
    if (g.undecided) {
      fmt::print(stderr,
                 "retention: --fail-if '{}' cannot be decided for {}: {} (a null figure "
                 "fails the gate rather than passing it silently)\n",
                 g.gate, period, g.values);
    } else {
      fmt::print(stderr, "retention: --fail-if '{}' holds for {}: {}\n", g.gate, period, g.values);
    }
  }
  return failures.size();
}

}  // namespace retention
