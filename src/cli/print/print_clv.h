// Printers of `retention clv`: table, JSON, CSV and the HTML page. Each
// returns the whole text.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "retention/clv.h"
#include "retention/orders.h"

namespace retention {

/// One fitted model and the table whose customer ids it indexes.
struct ClvSection {
  const ClvModel* model = nullptr;
  const OrderTable* table = nullptr;
};

/// What every printer shows beside the models.
struct ClvReportInfo {
  /// The horizon as the user wrote it ("12m") and in days.
  std::string horizon_text = "12m";
  double horizon_days = 365.25;
  double margin = 1;
  double annual_discount_rate = 0;
  /// Customers in the table (0: all).
  int top = 10;
  std::string time_zone = "UTC";
  /// The --by column, or "" without segments.
  std::string segment_column;
};

/// What the fits mean for the reader, one sentence each: parameters not
/// identified, a strong frequency/monetary correlation, customers the spend
/// model could not use. The table prints them; the CLI also on stderr.
std::vector<std::string> ClvNotes(const ClvSection& s);

/// `sections[0]` is all customers; the others are segments (--by).
std::string FormatClvTable(const std::vector<ClvSection>& sections, const ClvReportInfo& info);
/// {"schema_version": 1, ...} as docs/clv.md shows; segments under
/// "segments".
std::string FormatClvJson(const std::vector<ClvSection>& sections, const ClvReportInfo& info);
/// One row per customer, sorted by CLV; a "segment" column first with --by.
std::string FormatClvCsv(const std::vector<ClvSection>& sections, const ClvReportInfo& info);
/// The model card, the holdout charts and the top customers as one page.
std::string FormatClvHtml(const std::vector<ClvSection>& sections, const ClvReportInfo& info,
                          const std::string& title);

/// Whether the fit identified parameter `name` (it did not run to a
/// boundary).
bool ParameterIdentified(const FitReport& fit, const char* name);

/// Indices into the model's customers, by CLV (highest first), ties by id.
std::vector<size_t> ClvRanking(const ClvSection& s);

}  // namespace retention
