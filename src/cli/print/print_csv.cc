// The delimited-text formats: CSV and TSV, one row per record.
#include "cli/print/printers.h"
#include "cli/print/report_fields.h"
#include "cli/print/text_format.h"

namespace retention {
namespace {

// PostgreSQL COPY's text escapes: a TSV cell never holds a tab or a line
// break of its own, nor a byte a terminal acts on (\xHH, which COPY reads
// back as that byte; a C1 control is its two UTF-8 bytes).
std::string TsvCell(const std::string& text) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const auto next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
    switch (c) {
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
      default: {
        const bool c1 = c == 0xc2 && next >= 0x80 && next <= 0x9f;
        if (c >= 0x20 && c != 0x7f && !c1) {
          out.push_back(static_cast<char>(c));
          break;
        }
        for (unsigned char b : c1 ? std::string{char(c), char(next)} : std::string(1, char(c))) {
          out += "\\x";
          out.push_back(kHex[b >> 4]);
          out.push_back(kHex[b & 15]);
        }
        if (c1) ++i;
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
