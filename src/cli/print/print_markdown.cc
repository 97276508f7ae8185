// The report as a Markdown table, for pull requests, wikis and chat.
#include <string_view>

#include "cli/print/printers.h"
#include "cli/print/report_fields.h"
#include "cli/print/text_format.h"
#include "retention/error.h"

namespace retention {
namespace {

// A pipe would end the cell and a line break the row; control bytes from
// the input are escaped as everywhere else on a terminal. Values from the
// input (segments) must not become markup where the table is shown: a
// backslash before any character that Markdown or HTML reads keeps it
// text (`<img ...>`, `**bold**`, `[link](...)`); an underscore inside a
// word is no markup (paid_search stays as written). The column names are
// ours.
std::string MarkdownCell(const std::string& text, bool from_input) {
  std::string out;
  for (char c : EscapeControls(text)) {
    const bool markup =
        from_input && std::string_view("`*[]<>&~").find(c) != std::string_view::npos;
    if (c == '|' || c == '\\' || markup) out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

std::string FormatMarkdown(const std::vector<PeriodMetrics>& periods, const ReportInfo& info) {
  // The definitions are long text, not figures: a table for people leaves
  // them out unless --columns asks for them.
  std::vector<std::string> names = info.columns;
  if (names.empty()) names = AllReportColumnNames(info, false);
  std::vector<std::vector<FieldValue>> rows;
  for (size_t p = 0; p < periods.size(); ++p) {
    rows.emplace_back();
    for (auto& [name, value] : ReportColumns(periods, p, info, !info.columns.empty())) {
      rows.back().push_back(value);
    }
  }
  std::string out = "|";
  for (const std::string& name : names) out += " " + MarkdownCell(name, false) + " |";
  out += "\n|";
  for (size_t c = 0; c < names.size(); ++c) {
    // Numbers read best right-aligned; a column's kind is the same in
    // every row.
    FigureKind kind = rows.empty() ? FigureKind::kNone : rows.front()[c].kind;
    bool number = kind != FigureKind::kNone;
    out += number ? " ---: |" : " --- |";
  }
  out += "\n";
  for (const auto& row : rows) {
    out += "|";
    for (const FieldValue& value : row)
      out += " " + MarkdownCell(value.is_null ? "" : value.text, true) + " |";
    out += "\n";
  }
  return out;
}

}  // namespace retention
