// A report read back: the rows of `retention report --format csv` (or of
// the query `retention sql report` writes, run in a warehouse and
// exported as CSV) as the figures and definitions they print, so the same
// printers and gates present them at any scale.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "retention/compare.h"
#include "retention/definitions.h"
#include "retention/history.h"
#include "retention/metrics.h"

namespace retention {

/// The figures of a report output read back.
struct ReportRows {
  std::vector<PeriodMetrics> periods;
  /// A `segment` column is present (--by): null is the all-customers total.
  bool segmented = false;
  /// The definitions columns (schema_version ... last_order), when the
  /// output carries them; a warehouse's result has none. Those of the
  /// first row, but for as_of (a history's rows are of several runs): the
  /// latest day its partial rows record, else the latest of all rows.
  std::optional<Definitions> definitions;
  /// The as_of each row records, one per row, when the rows record
  /// different days (a history's rows are of several runs); else empty.
  std::vector<std::string> row_as_of;
  /// A report written with --compare: what its rows are compared with
  /// (told from their previous_* dates), and the compared figures, one
  /// per row in the same order.
  std::optional<CompareWith> compare;
  std::vector<PeriodMetrics> compared;
};

/// Reads `snapshot` (ParseSnapshot of a CSV) as report rows. Cells are
/// read as engines spell them: booleans true/false/t/f/1/0, money with any
/// number of decimals up to 4, rates as any text of the same double, NULL
/// as an empty cell. Throws DataError naming `name`, the line and the
/// column for a missing column or a value that is not what it should be.
ReportRows ReadReportRows(const Snapshot& snapshot, const std::string& name);

}  // namespace retention
