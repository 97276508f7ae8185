#include <fmt/format.h>

#include "cli/print/printers.h"
#include "cli/print/report_fields.h"
#include "cli/print/text_format.h"

namespace retention {
std::string FormatJson(const std::vector<PeriodMetrics>& periods, const ReportInfo& info) {
  std::string out = "{\n  \"schema_version\": 1,\n";
  out += fmt::format("  \"as_of\": {},\n  \"time_zone\": {},\n", JsonQuote(FormatDate(info.as_of)),
                     JsonQuote(info.time_zone));
  out += "  \"periods\": [";
  for (size_t p = 0; p < periods.size(); ++p) {
    out += p ? ",\n    {" : "\n    {";
    bool first = true;
    for (auto& [name, value] : ReportFields(periods[p], info.segmented)) {
      out += first ? "\n      " : ",\n      ";
      first = false;
      out += JsonQuote(name) + ": ";
      out += value.is_null ? "null" : value.is_string ? JsonQuote(value.text) : value.text;
    }
    out += "\n    }";
  }
  out += periods.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

}  // namespace retention
