#include <fmt/format.h>

#include "printers.h"
#include "report_fields.h"

namespace retention {
namespace {

std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          out += fmt::format("\\u{:04x}", c);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  return out + "\"";
}

}  // namespace

std::string FormatJson(const std::vector<PeriodMetrics>& periods, const ReportInfo& info) {
  std::string out = "{\n  \"schema_version\": 1,\n";
  out += fmt::format("  \"as_of\": {},\n  \"time_zone\": {},\n", Quote(FormatDate(info.as_of)),
                     Quote(info.time_zone));
  out += "  \"periods\": [";
  for (size_t p = 0; p < periods.size(); ++p) {
    out += p ? ",\n    {" : "\n    {";
    bool first = true;
    for (auto& [name, value] : ReportFields(periods[p], info.segmented)) {
      out += first ? "\n      " : ",\n      ";
      first = false;
      out += Quote(name) + ": ";
      out += value.is_null ? "null" : value.is_string ? Quote(value.text) : value.text;
    }
    out += "\n    }";
  }
  out += periods.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

}  // namespace retention
