#include "cli/run_definitions.h"

#include <sys/stat.h>

namespace retention {

Definitions DescribeRun(const std::vector<std::string>& files, const OrderTable& table,
                        CivilDate as_of, const std::string& time_zone) {
  Definitions d;
  d.tool_version = RETENTION_VERSION;
  d.time_zone = time_zone;
  d.as_of = FormatDate(as_of);
  d.rules = CountingRules(table.stats.every_row_an_order);
  for (const std::string& name : files) {
    struct stat info;
    bool sized = name != "-" && stat(name.c_str(), &info) == 0 && S_ISREG(info.st_mode);
    d.files.push_back({name, sized ? static_cast<int64_t>(info.st_size) : -1});
  }
  d.rows = table.stats.rows;
  d.currency = table.stats.currency;
  if (table.order_count() > 0) {
    const auto [first, last] = table.order_span();
    d.first_order = FormatDate(DateFromTime(first));
    d.last_order = FormatDate(DateFromTime(last));
  }
  return d;
}

std::string SegmentColumnOf(const OrderTable& table, const std::string& by) {
  if (by.empty() || table.stats.segment_column.empty()) return by;
  return table.stats.segment_column;
}

}  // namespace retention
