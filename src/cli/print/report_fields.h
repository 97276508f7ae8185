// One list of the report's fields, shared by every machine format (JSON,
// CSV, TSV, Markdown, NDJSON, OpenMetrics) so they cannot drift apart.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "retention/history.h"
#include "retention/metrics.h"

namespace retention {

struct ReportInfo;  // printers.h

/// A field's value as text in a machine format.
struct FieldValue {
  std::string text;
  bool is_null = false;
  bool is_string = false;  // needs quoting in JSON
  /// What the field holds, for how people see it (kNone: text, a flag).
  FigureKind kind = FigureKind::kNone;
  /// A difference (`*_change`): shown to people with a sign, rates in points.
  bool is_change = false;
};

using Fields = std::vector<std::pair<std::string, FieldValue>>;

/// Name/value pairs of one period, in output order.
/// With `segmented`, "segment" comes first (null for the total).
Fields ReportFields(const PeriodMetrics& m, bool segmented);

/// With --compare: the compared period (`previous_period`, `_start`,
/// `_end`, `_through`, the last day whose orders count), then for every
/// figure its value there (`churn_rate_previous`) and the change
/// (`churn_rate_change`: current minus previous; rates in fractions, so
/// 0.012 is 1.2 points; null when either side is).
Fields ComparisonFields(const PeriodMetrics& current, const PeriodMetrics& previous,
                        CivilDate through);

/// Every column of record `i` of `periods` as the report's machine formats
/// write it: ReportFields, the ComparisonFields when info.compared is set,
/// and with `with_definitions` the definitions columns (CSV, TSV, NDJSON).
/// Then cut to info.columns when set.
Fields ReportColumns(const std::vector<PeriodMetrics>& periods, size_t i, const ReportInfo& info,
                     bool with_definitions);

/// A field as the table and the page show it: rates as percentages, money
/// with two decimals, n/a for null; a change signed, rates in points
/// ("+1.2 pts"). Text comes back escaped for the terminal.
std::string TextForPeople(const FieldValue& value);

/// The day record `i` was computed as of: its own in a history's rows
/// (info.row_as_of), else the run's.
std::string RowAsOf(const ReportInfo& info, size_t i);

/// The note under a table of `periods` when some are partial ("the
/// period is not over on 2024-06-10 (--as-of); ..."), naming the day the
/// partial rows are as of, or saying each is as of its own; empty when
/// none is partial.
std::string PartialNote(const std::vector<PeriodMetrics>& periods, const ReportInfo& info);

/// Column `name`'s field as the table and the page show it: TextForPeople,
/// but the segment of the all-customers record, which has none, is named.
std::string ColumnForPeople(const std::string& name, const FieldValue& value);

/// The field `name` of `fields`; a null one when it is not there.
FieldValue FieldNamed(const Fields& fields, const std::string& name);

/// The names of ReportColumns, in order, before the cut to info.columns.
std::vector<std::string> AllReportColumnNames(const ReportInfo& info, bool with_definitions);

}  // namespace retention
