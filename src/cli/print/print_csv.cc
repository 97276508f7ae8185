// The delimited-text formats: CSV and TSV, one row per record.
#include "base/utf8.h"
#include "cli/print/printers.h"
#include "cli/print/report_fields.h"
#include "cli/print/text_format.h"

namespace retention {
namespace {

// PostgreSQL COPY's text escapes: a TSV cell never holds a tab or a line
// break of its own, nor a character no output may pass on raw
// (IsTerminalControl: \xHH per byte, which COPY reads back as the bytes).
std::string TsvCell(const std::string& text) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0, n = 0; i < text.size(); i += n) {
    const bool control = IsTerminalControl(text, i, &n);
    switch (text[i]) {
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\\':
        out += "\\\\";
        break;
      default:
        if (!control) {
          out.append(text, i, n);
          break;
        }
        for (size_t k = i; k < i + n; ++k) {
          const auto b = static_cast<unsigned char>(text[k]);
          out += "\\x";
          out.push_back(kHex[b >> 4]);
          out.push_back(kHex[b & 15]);
        }
    }
  }
  return out;
}

template <typename Cell, typename TextCell>
std::string Delimited(const std::vector<PeriodMetrics>& periods, const ReportInfo& info,
                      char separator, Cell cell, TextCell text_cell) {
  std::string out;
  std::vector<std::string> names = info.columns;
  if (names.empty()) names = AllReportColumnNames(info, true);
  for (size_t i = 0; i < names.size(); ++i)
    out += (i ? std::string(1, separator) : "") + cell(names[i]);
  out += "\n";
  for (size_t p = 0; p < periods.size(); ++p) {
    bool first = true;
    for (auto& [name, value] : ReportColumns(periods, p, info, true)) {
      if (!first) out += separator;
      first = false;
      if (!value.is_null) out += value.is_string ? text_cell(value.text) : cell(value.text);
    }
    out += "\n";
  }
  return out;
}

}  // namespace

std::string FormatCsv(const std::vector<PeriodMetrics>& periods, const ReportInfo& info) {
  // The definitions ride along as trailing columns on every row: a
  // spreadsheet or csv.reader sees a plain table, and each row of a
  // history keeps how it was computed.
  return Delimited(periods, info, ',', CsvCell, CsvTextCell);
}

std::string FormatTsv(const std::vector<PeriodMetrics>& periods, const ReportInfo& info) {
  // Text from the input is kept formula-safe, as in the CSV: spreadsheets
  // open TSV files too.
  return Delimited(periods, info, '\t', TsvCell,
                   [](const std::string& text) { return TsvCell(FormulaSafe(text)); });
}

}  // namespace retention
