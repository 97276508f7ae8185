// Report printers. Each returns the whole text; the caller writes it.
#pragma once

#include <string>
#include <vector>

#include "retention/metrics.h"
#include "retention/validate.h"

namespace retention {

/// Facts about the run that the printers mention beside the figures.
struct ReportInfo {
  ReportInfo() = default;
  ReportInfo(CivilDate as_of_day, std::string zone)
      : as_of(as_of_day), time_zone(std::move(zone)) {}

  /// The day partial periods are judged against.
  CivilDate as_of;
  /// The reporting time zone's name.
  std::string time_zone = "UTC";
  /// Figures are split by segment (--by): every record names its segment,
  /// or null for the all-customers total.
  bool segmented = false;
  /// The column segments come from, for headings.
  std::string segment_column;
};

/// For people: counts, rates as percentages, money with two decimals. One
/// period prints as a list of figures; a series as one row per period.
/// Notes explain partial periods and retention above 100%.
std::string FormatTable(const std::vector<PeriodMetrics>& periods, const ReportInfo& info);

/// `{"schema_version": 1, "periods": [...]}`: every figure under its
/// contract name, rates as fractions, money as exact decimal numbers,
/// undefined values as null.
std::string FormatJson(const std::vector<PeriodMetrics>& periods, const ReportInfo& info);

/// A header and one row per period, the same columns as the JSON; empty
/// cells for undefined values.
std::string FormatCsv(const std::vector<PeriodMetrics>& periods, const ReportInfo& info);

/// The column names of FormatCsv, in order (also the JSON field order);
/// "segment" comes first when `segmented`.
std::vector<std::string> ReportFieldNames(bool segmented);

/// Validation findings as `file:line:column: error: message` lines and a
/// summary line.
std::string FormatValidationText(const ValidationReport& report, size_t files);

/// Validation findings as JSON: counts, `valid`, and one object per
/// diagnostic (severity, file, line, column, message).
std::string FormatValidationJson(const ValidationReport& report, size_t files);

/// Writes `content` to `path` through a temporary file in the same folder
/// and a rename, so readers never see a half-written file and a failed run
/// leaves the old file in place. Throws DataError.
void WriteFileAtomically(const std::string& path, const std::string& content);

}  // namespace retention
