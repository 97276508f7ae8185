#include "cli/print/print_definitions.h"
#include "cli/print/printers.h"
#include "cli/print/report_fields.h"
#include "cli/print/text_format.h"

namespace retention {
std::string FormatCsv(const std::vector<PeriodMetrics>& periods, const ReportInfo& info) {
  std::string out;
  auto names = ReportFieldNames(info.segmented);
  // The definitions ride along as trailing columns on every row: a
  // spreadsheet or csv.reader sees a plain table, and each row of a
  // history keeps how it was computed.
  std::string definition_cells;
  if (info.definitions) {
    for (auto& [name, value] : DefinitionColumns(*info.definitions)) {
      names.push_back(name);
      definition_cells += "," + CsvTextCell(value);
    }
  }
  for (size_t i = 0; i < names.size(); ++i) out += (i ? "," : "") + names[i];
  out += "\n";
  for (const PeriodMetrics& m : periods) {
    bool first = true;
    for (auto& [name, value] : ReportFields(m, info.segmented)) {
      if (!first) out += ",";
      first = false;
      if (!value.is_null) out += value.is_string ? CsvTextCell(value.text) : CsvCell(value.text);
    }
    out += definition_cells + "\n";
  }
  return out;
}

}  // namespace retention
