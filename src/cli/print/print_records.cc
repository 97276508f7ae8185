#include "cli/print/print_records.h"

#include "cli/print/print_definitions.h"
#include "cli/print/text_format.h"

namespace retention {
namespace {

std::string JsonValue(const HistoryValue& v) {
  return v.is_null ? "null" : v.is_string ? JsonQuote(v.text) : v.text;
}

}  // namespace

std::string FormatCsvRecords(const std::vector<std::string>& columns,
                             const std::vector<HistoryRow>& rows) {
  std::string out;
  for (size_t i = 0; i < columns.size(); ++i) out += (i ? "," : "") + CsvCell(columns[i]);
  out += "\n";
  for (const HistoryRow& row : rows) {
    for (size_t i = 0; i < columns.size(); ++i) {
      if (i) out += ",";
      const HistoryValue* v = row.Find(columns[i]);
      // Text read back without its formula guard gets it again.
      if (v && !v->is_null) out += v->is_string ? CsvTextCell(v->text) : CsvCell(v->text);
    }
    out += "\n";
  }
  return out;
}

std::string FormatJsonRecords(const std::vector<std::pair<std::string, HistoryValue>>& document,
                              const std::vector<HistoryRow>& rows) {
  std::string out = "{";
  bool first_field = true;
  for (auto& [name, value] : document) {
    out += first_field ? "\n  " : ",\n  ";
    first_field = false;
    out += JsonQuote(name) + ": ";
    if (name != "periods") {
      out += JsonValue(value);
      continue;
    }
    out += "[";
    for (size_t p = 0; p < rows.size(); ++p) {
      out += p ? ",\n    {" : "\n    {";
      bool first = true;
      for (auto& [key, v] : rows[p].fields) {
        out += first ? "\n      " : ",\n      ";
        first = false;
        out += JsonQuote(key) + ": " + JsonValue(v);
      }
      out += "\n    }";
    }
    out += rows.empty() ? "]" : "\n  ]";
  }
  return out + "\n}\n";
}

std::string FormatNdjsonRecords(const std::vector<HistoryRow>& rows) {
  std::string out;
  for (const HistoryRow& row : rows) {
    out += "{";
    bool first = true;
    for (auto& [key, v] : row.fields) {
      out += (first ? "" : ",") + JsonQuote(key) + ":" + CompactJson(JsonValue(v));
      first = false;
    }
    out += "}\n";
  }
  return out;
}

}  // namespace retention
