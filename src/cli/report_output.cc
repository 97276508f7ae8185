#include "cli/report_output.h"

#include <fmt/format.h>

#include <algorithm>

#include "cli/html/print_html.h"
#include "cli/notices.h"
#include "cli/print/report_fields.h"
#include "cli/suggest.h"
#include "retention/error.h"

namespace retention {

std::string FormatReportAs(OutputFormat format, const std::vector<PeriodMetrics>& metrics,
                           const ReportInfo& info, const std::vector<std::string>& files) {
  switch (format) {
    case OutputFormat::kTable:
      return FormatTable(metrics, info);
    case OutputFormat::kJson:
      return FormatJson(metrics, info);
    case OutputFormat::kHtml:
      return FormatReportHtml(
          metrics, info, info.title.empty() ? PageTitle("Customer retention", files) : info.title);
    case OutputFormat::kOpenMetrics:
      return FormatOpenMetrics(metrics, info);
    case OutputFormat::kTsv:
      return FormatTsv(metrics, info);
    case OutputFormat::kMarkdown:
      return FormatMarkdown(metrics, info);
    case OutputFormat::kNdjson:
      return FormatNdjson(metrics, info);
    case OutputFormat::kCsv:
      break;
  }
  return FormatCsv(metrics, info);
}

std::vector<std::string> ChooseColumns(const std::vector<std::string>& names,
                                       const ReportInfo& info) {
  ReportInfo every = info;
  // Only the definitions' column names matter here; a split report's
  // include its segment column and --top (segment_column, top_segments).
  every.definitions = Definitions{};
  if (info.segmented) every.definitions->segment_column = "--by";  // any name: not shown
  std::vector<std::string> known = AllReportColumnNames(every, true);
  std::vector<std::string> out;
  for (const std::string& raw : names) {
    std::string name = raw;
    // "period, churn_rate" reads naturally too.
    while (!name.empty() && name.front() == ' ') name.erase(name.begin());
    while (!name.empty() && name.back() == ' ') name.pop_back();
    if (name.empty()) continue;
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      const std::string closest = MeantName(name, known);
      bool compare_column = name.find("_previous") != std::string::npos ||
                            name.find("_change") != std::string::npos ||
                            name.rfind("previous_", 0) == 0;
      throw UsageError(
          "--columns: no column \"" + EscapeControls(name) + "\"" +
          (!closest.empty() ? " (did you mean " + closest + "?)" : "") +
          (compare_column && !info.compare ? " (comparison columns need --compare)" : "") +
          ((name == "segment" || name == "segment_column" || name == "top_segments") &&
                   !info.segmented
               ? " (the " + name + " column needs --by)"
               : "") +
          ". The columns are those of the CSV header (retention report ... --format csv | "
          "head -1)");
    }
    if (std::find(out.begin(), out.end(), name) != out.end()) {
      throw UsageError("--columns names " + name + " twice");
    }
    out.push_back(name);
  }
  if (!names.empty() && out.empty()) throw UsageError("--columns names no column");
  return out;
}

size_t ReportGateFailures(const std::vector<Gate>& gates, const std::vector<PeriodMetrics>& metrics,
                          const ReportInfo& info) {
  std::vector<GateFailure> failures =
      CheckGates(gates, metrics, info.compare ? &info.compared : nullptr);
  for (const GateFailure& g : failures) {
    // A period not over yet may trip a gate only because it is short.
    std::string period =
        g.partial ? fmt::format("{} (partial: as of {})", g.period, RowAsOf(info, g.index))
                  : g.period;
    // The period names its segment, a value from the file: escaped.
    const std::string line =
        g.undecided
            ? fmt::format(
                  "retention: --fail-if '{}' cannot be decided for {}: {} (a "
                  "null figure fails the gate rather than passing it silently)",
                  g.gate, period, g.values)
            : fmt::format("retention: --fail-if '{}' holds for {}: {}", g.gate, period, g.values);
    PrintError(fmt::format("{}\n", EscapeControls(line)));
  }
  return failures.size();
}

}  // namespace retention
