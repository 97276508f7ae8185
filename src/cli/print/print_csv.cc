#include "cli/print/printers.h"
#include "cli/print/report_fields.h"
#include "cli/print/text_format.h"

namespace retention {
std::string FormatCsv(const std::vector<PeriodMetrics>& periods, const ReportInfo& info) {
  std::string out;
  const auto names = ReportFieldNames(info.segmented);
  for (size_t i = 0; i < names.size(); ++i) out += (i ? "," : "") + names[i];
  out += "\n";
  for (const PeriodMetrics& m : periods) {
    bool first = true;
    for (auto& [name, value] : ReportFields(m, info.segmented)) {
      if (!first) out += ",";
      first = false;
      if (!value.is_null) out += value.is_string ? CsvTextCell(value.text) : CsvCell(value.text);
    }
    out += "\n";
  }
  return out;
}

}  // namespace retention
