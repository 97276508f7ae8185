#include <fmt/format.h>

#include "cli/print/print_definitions.h"
#include "cli/print/print_records.h"
#include "cli/print/printers.h"
#include "cli/print/report_fields.h"
#include "cli/print/text_format.h"

namespace retention {
std::string FormatJson(const std::vector<PeriodMetrics>& periods, const ReportInfo& info) {
  std::vector<std::pair<std::string, HistoryValue>> document = {
      {"schema_version", HistoryValue{std::to_string(kSchemaVersion)}},
      {"as_of", HistoryValue{FormatDate(info.as_of), false, true}},
      {"time_zone", HistoryValue{info.time_zone, false, true}},
      {"periods", HistoryValue{}},
  };
  // After the periods, so the fields every reader knows keep their place.
  if (info.definitions) {
    document.push_back({"definitions", HistoryValue{DefinitionsJson(*info.definitions, 2)}});
    document.push_back({"inputs", HistoryValue{InputsJson(*info.definitions, 2)}});
  }
  std::vector<HistoryRow> rows;
  for (const PeriodMetrics& m : periods) {
    HistoryRow row;
    for (auto& [name, value] : ReportFields(m, info.segmented)) {
      row.fields.push_back({name, HistoryValue{value.text, value.is_null, value.is_string}});
    }
    rows.push_back(std::move(row));
  }
  return FormatJsonRecords(document, rows);
}

}  // namespace retention
