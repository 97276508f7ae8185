// Cohort printers: JSON and CSV for machines, the triangle for people.
#include "cli/print/print_cohorts.h"

#include <fmt/format.h>

#include <algorithm>

#include "cli/print/print_definitions.h"
#include "cli/print/text_format.h"
#include "retention/error.h"

namespace retention {
namespace {

// The unit the cohorts were built with, read back from a label (they are
// PeriodOf labels, so the shape names the unit); nullopt without cohorts.
std::optional<Unit> UnitOf(const std::vector<Cohort>& cohorts, const ReportInfo& info) {
  if (cohorts.empty()) return std::nullopt;
  return UnitOfPeriodText(cohorts.front().period.label, info.as_of);
}

// ---- machine formats ----

std::string RateText(const std::optional<double>& rate) {
  return rate ? fmt::format("{}", *rate) : "";
}
std::string MoneyExact(const std::optional<Money>& m) { return m ? FormatMoneyExact(*m, 2) : ""; }
std::string JsonOrNull(const std::string& text) { return text.empty() ? "null" : text; }

std::string CellText(const CohortCell& cell, CohortMetric metric) {
  switch (metric) {
    case CohortMetric::kRetention:
      return Percent(cell.retention);
    case CohortMetric::kCustomers:
      return std::to_string(cell.customers_active);
    case CohortMetric::kRevenue:
      return MoneyText(cell.revenue);
    case CohortMetric::kRevenueRetention:
      return Percent(cell.revenue_retention);
    case CohortMetric::kCumulativeRevenuePerCustomer:
      return cell.cumulative_revenue_per_customer ? MoneyText(*cell.cumulative_revenue_per_customer)
                                                  : kNull;
  }
  return kNull;
}

std::string Title(CohortMetric metric, std::string_view unit, char letter) {
  std::string what;
  switch (metric) {
    case CohortMetric::kRetention:
      what = fmt::format(
          "Retention by {0} cohort: share of the cohort's customers with an order in each {0}.",
          unit);
      break;
    case CohortMetric::kCustomers:
      what = fmt::format(
          "Active customers by {0} cohort: the cohort's customers with an order in each {0}.",
          unit);
      break;
    case CohortMetric::kRevenue:
      what = fmt::format(
          "Revenue by {0} cohort: purchases minus refunds of the cohort's customers in each {0}.",
          unit);
      break;
    case CohortMetric::kRevenueRetention:
      what = fmt::format(
          "Revenue retention by {0} cohort: each {0}'s revenue as a share of the cohort's\n"
          "revenue in its own {0}.",
          unit);
      break;
    case CohortMetric::kCumulativeRevenuePerCustomer:
      what = fmt::format(
          "Cumulative revenue per customer by {0} cohort: the cohort's revenue up to and\n"
          "including each {0}, divided by the cohort's size.",
          unit);
      break;
  }
  return what + fmt::format("\n{1}0 is the cohort's own {0}, {1}1 the {0} after it, and so on.",
                            unit, letter);
}

}  // namespace

std::string FormatCohortsJson(const std::vector<Cohort>& cohorts, const ReportInfo& info) {
  std::optional<Unit> unit = UnitOf(cohorts, info);
  std::string out = "{\n  \"schema_version\": 1,\n";
  out += fmt::format("  \"as_of\": {},\n  \"time_zone\": {},\n  \"unit\": {},\n",
                     JsonQuote(FormatDate(info.as_of)), JsonQuote(info.time_zone),
                     unit ? JsonQuote(std::string(UnitName(*unit))) : "null");
  out += "  \"cohorts\": [";
  for (size_t k = 0; k < cohorts.size(); ++k) {
    const Cohort& c = cohorts[k];
    out += k ? ",\n    {" : "\n    {";
    if (info.segmented) {
      out += fmt::format("\n      \"segment\": {},", c.segment ? JsonQuote(*c.segment) : "null");
    }
    out += fmt::format(
        "\n      \"cohort\": {},\n      \"start\": {},\n      \"end\": {},\n"
        "      \"size\": {},\n      \"cells\": [",
        JsonQuote(c.period.label), JsonQuote(FormatDate(c.period.start)),
        JsonQuote(FormatDate(c.period.end)), c.size);
    for (size_t j = 0; j < c.cells.size(); ++j) {
      const CohortCell& cell = c.cells[j];
      out += j ? ",\n        " : "\n        ";
      out += fmt::format(
          "{{\"offset\": {}, \"start\": {}, \"end\": {}, \"customers_active\": {}, "
          "\"retention\": {}, \"revenue\": {}, \"revenue_retention\": {}, "
          "\"cumulative_revenue_per_customer\": {}}}",
          cell.offset, JsonQuote(FormatDate(cell.period.start)),
          JsonQuote(FormatDate(cell.period.end)), cell.customers_active,
          JsonOrNull(RateText(cell.retention)), FormatMoneyExact(cell.revenue, 2),
          JsonOrNull(RateText(cell.revenue_retention)),
          JsonOrNull(MoneyExact(cell.cumulative_revenue_per_customer)));
    }
    out += c.cells.empty() ? "]\n    }" : "\n      ]\n    }";
  }
  out += cohorts.empty() ? "]" : "\n  ]";
  if (info.definitions) {
    out += ",\n  \"definitions\": " + DefinitionsJson(*info.definitions, 2) +
           ",\n  \"inputs\": " + InputsJson(*info.definitions, 2);
  }
  return out + "\n}\n";
}

std::string FormatCohortsCsv(const std::vector<Cohort>& cohorts, const ReportInfo& info) {
  std::string out =
      std::string(info.segmented ? "segment," : "") +
      "cohort,cohort_start,cohort_end,size,offset,period_start,period_end,customers_active,"
      "retention,revenue,revenue_retention,cumulative_revenue_per_customer";
  // As in the report's CSV: the definitions as trailing columns.
  std::string definition_cells;
  if (info.definitions) {
    for (auto& [name, value] : DefinitionColumns(*info.definitions)) {
      out += "," + name;
      definition_cells += "," + CsvTextCell(value);
    }
  }
  out += "\n";
  for (const Cohort& c : cohorts) {
    for (const CohortCell& cell : c.cells) {
      if (info.segmented) out += (c.segment ? CsvTextCell(*c.segment) : "") + ",";
      out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{}\n", CsvTextCell(c.period.label),
                         FormatDate(c.period.start), FormatDate(c.period.end), c.size, cell.offset,
                         FormatDate(cell.period.start), FormatDate(cell.period.end),
                         cell.customers_active, RateText(cell.retention),
                         FormatMoneyExact(cell.revenue, 2), RateText(cell.revenue_retention),
                         MoneyExact(cell.cumulative_revenue_per_customer));
      out.insert(out.size() - 1, definition_cells);
    }
  }
  return out;
}

std::optional<CohortMetric> ParseCohortMetric(std::string_view text) {
  if (text == "retention") return CohortMetric::kRetention;
  if (text == "customers") return CohortMetric::kCustomers;
  if (text == "revenue") return CohortMetric::kRevenue;
  if (text == "revenue_retention") return CohortMetric::kRevenueRetention;
  if (text == "clv" || text == "cumulative_revenue_per_customer") {
    return CohortMetric::kCumulativeRevenuePerCustomer;
  }
  return std::nullopt;
}

std::string FormatCohortsTable(const std::vector<Cohort>& cohorts, CohortMetric metric,
                               const ReportInfo& info) {
  Unit unit = UnitOf(cohorts, info).value_or(Unit::kMonth);
  std::string unit_name(UnitName(unit));
  char letter = UnitLetter(unit);
  std::string out = Title(metric, unit_name, letter) + "\n\n";
  if (cohorts.empty()) return out + "No cohorts in the range.\n";

  size_t columns = 0;
  for (const Cohort& c : cohorts) columns = std::max(columns, c.cells.size());
  TextTable t;
  std::vector<std::string> header = {"cohort", "size"};
  if (info.segmented) header.insert(header.begin(), "segment");
  for (size_t j = 0; j < columns; ++j) header.push_back(fmt::format("{}{}", letter, j));
  t.Add(std::move(header));
  bool blanks = false, undefined = false;
  for (const Cohort& c : cohorts) {
    std::vector<std::string> row = {c.period.label, std::to_string(c.size)};
    if (info.segmented) row.insert(row.begin(), SegmentLabel(c.segment));
    for (size_t j = 0; j < columns; ++j) {
      if (j < c.cells.size()) {
        row.push_back(CellText(c.cells[j], metric));
        undefined |= row.back() == kNull;
      } else {
        row.emplace_back();
        blanks = true;
      }
    }
    blanks |= c.cells.empty();
    t.Add(std::move(row));
  }
  out += t.Render();

  std::string notes;
  if (blanks) {
    notes +=
        fmt::format("Blank cells: that {} is not over on {} (--as-of), so it has no figures yet.\n",
                    unit_name, FormatDate(info.as_of));
  }
  if (undefined) {
    notes += metric == CohortMetric::kRevenueRetention
                 ? fmt::format(
                       "n/a: the cohort has no revenue in its own {} (or no customers) to "
                       "compare with.\n",
                       unit_name)
                 : "n/a: the cohort has no customers.\n";
  }
  return notes.empty() ? out : out + "\n" + notes;
}

}  // namespace retention
