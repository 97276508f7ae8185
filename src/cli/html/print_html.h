// HTML printers: one self-contained page (inline CSS and SVG, no scripts,
// no fonts, no network) that opens from an email attachment and prints.
// Like the other printers, each returns the whole text; the caller writes it.
#pragma once

#include <string>
#include <vector>

#include "cli/print/print_cohorts.h"
#include "cli/print/printers.h"
#include "retention/cohorts.h"
#include "retention/metrics.h"

namespace retention {

/// The report as a page: cards with every headline figure of the last
/// period (and its change against the one before), for a series line charts
/// (customers; churn and retention; revenue; AOV and CLV) each with a table
/// of its exact numbers, then a table of every figure; for a single period
/// the cards and that table. Partial periods are marked, the note on
/// retention above 100% appears when it applies. With `info.segmented` the
/// all-customers records drive the cards and charts and a table compares
/// the segments. Every text is escaped; key figures carry
/// `data-metric="NAME"` (the JSON field names) for tests and scrapers.
std::string FormatReportHtml(const std::vector<PeriodMetrics>& periods, const ReportInfo& info,
                             const std::string& title);

/// Cohorts as a page: a heatmap of `metric` (one row per cohort, its size,
/// the value written in every shaded cell, blank cells for periods not over
/// yet), then those of retention and cumulative revenue per customer.
std::string FormatCohortsHtml(const std::vector<Cohort>& cohorts, const ReportInfo& info,
                              const std::string& title,
                              CohortMetric metric = CohortMetric::kRetention);

}  // namespace retention
