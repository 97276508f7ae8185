// Cohort printers. Like the report printers, each returns the whole text and
// the caller writes it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/print/printers.h"
#include "retention/cohorts.h"

namespace retention {

/// `{"schema_version": 1, "as_of": ..., "time_zone": ..., "unit": "month",
/// "cohorts": [{"cohort", "start", "end", "size", "cells": [{"offset",
/// "start", "end", "customers_active", "retention", "revenue",
/// "revenue_retention", "cumulative_revenue_per_customer"}]}]}`: rates as
/// fractions, money as exact decimal numbers, undefined values as null.
/// "unit" is read back from the first cohort's label (null without cohorts).
std::string FormatCohortsJson(const std::vector<Cohort>& cohorts, const ReportInfo& info);

/// Long format for spreadsheets and pivot tables: a header and one row per
/// cell (cohort, cohort_start, cohort_end, size, offset, period_start,
/// period_end, customers_active, retention, revenue, revenue_retention,
/// cumulative_revenue_per_customer; ends exclusive, as in JSON);
/// empty cells for undefined values. Cohorts without cells have no row.
std::string FormatCohortsCsv(const std::vector<Cohort>& cohorts, const ReportInfo& info);

/// The figure a cohort table shows in its cells.
enum class CohortMetric {
  kRetention,
  kCustomers,
  kRevenue,
  kRevenueRetention,
  kCumulativeRevenuePerCustomer,
};

/// "retention", "customers", "revenue", "revenue_retention", and "clv" or
/// "cumulative_revenue_per_customer"; nullopt for anything else.
std::optional<CohortMetric> ParseCohortMetric(std::string_view text);

/// For people: the familiar triangle, one row per cohort (label and size),
/// one column per offset ("M0 M1 M2 ..." for months, W/Q/D/Y for the other
/// units). Rates as percentages with one decimal, money with two decimals
/// and thousands separators, counts as integers; cells that do not exist
/// yet are blank, undefined values "n/a". A title names the metric and a
/// note explains the blanks.
std::string FormatCohortsTable(const std::vector<Cohort>& cohorts, CohortMetric metric,
                               const ReportInfo& info);

}  // namespace retention
