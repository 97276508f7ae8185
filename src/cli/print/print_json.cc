#include <fmt/format.h>

#include "cli/print/print_definitions.h"
#include "cli/print/print_records.h"
#include "cli/print/printers.h"
#include "cli/print/report_fields.h"
#include "cli/print/text_format.h"

namespace retention {
namespace {

std::vector<HistoryRow> Rows(const std::vector<PeriodMetrics>& periods, const ReportInfo& info,
                             bool with_definitions = false) {
  std::vector<HistoryRow> rows;
  for (size_t p = 0; p < periods.size(); ++p) {
    HistoryRow row;
    for (auto& [name, value] : ReportColumns(periods, p, info, with_definitions)) {
      row.fields.push_back({name, HistoryValue{value.text, value.is_null, value.is_string}});
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

// The document's fields; "periods" is where the records go.
std::vector<std::pair<std::string, HistoryValue>> Document(const ReportInfo& info) {
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
  return document;
}

}  // namespace

std::string FormatJson(const std::vector<PeriodMetrics>& periods, const ReportInfo& info) {
  // The definitions are the document's; a record has those --columns names.
  return FormatJsonRecords(Document(info), Rows(periods, info, !info.columns.empty()));
}

std::string FormatNdjson(const std::vector<PeriodMetrics>& periods, const ReportInfo& info) {
  // No document around the lines: each is the document with its record in
  // the place of "periods", so a line stands alone, as a CSV row does.
  // With --columns a line holds those columns and nothing else.
  if (!info.columns.empty()) return FormatNdjsonRecords(Rows(periods, info, true));
  std::vector<HistoryRow> lines;
  for (const HistoryRow& row : Rows(periods, info)) {
    HistoryRow line;
    for (auto& field : Document(info)) {
      if (field.first == "periods") {
        line.fields.insert(line.fields.end(), row.fields.begin(), row.fields.end());
      } else {
        line.fields.push_back(field);
      }
    }
    lines.push_back(std::move(line));
  }
  return FormatNdjsonRecords(lines);
}

}  // namespace retention
