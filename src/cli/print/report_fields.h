// One list of the report's fields, shared by the JSON and CSV printers so
// the two formats cannot drift apart.
#pragma once

#include <string>
#include <vector>

#include "retention/metrics.h"

namespace retention {

/// A field's value as text in a machine format, or nullopt for null.
struct FieldValue {
  std::string text;
  bool is_null = false;
  bool is_string = false;  // needs quoting in JSON
};

/// Name/value pairs of one period, in output order.
/// With `segmented`, "segment" comes first (null for the total).
std::vector<std::pair<std::string, FieldValue>> ReportFields(const PeriodMetrics& m,
                                                             bool segmented);

}  // namespace retention
