// Cohort heatmaps: sequential colour scales with readable text on every
// shade, the scale legend and the heatmap tables.
#include "cli/html/heatmap.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "cli/html/page.h"
#include "cli/print/text_format.h"

namespace retention::html {
namespace {

struct Rgb {
  double r, g, b;
};

Rgb Mix(Rgb a, Rgb b, double t) {
  return {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t};
}

double Luminance(Rgb c) {
  auto lin = [](double v) {
    v /= 255;
    return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

// Background on a three-stop sequential scale, and the text colour (near
// black or white) with the higher contrast on it.
std::string Shade(double t, const Rgb (&stops)[3]) {
  t = std::clamp(t, 0.0, 1.0);
  Rgb c = t < 0.5 ? Mix(stops[0], stops[1], t * 2) : Mix(stops[1], stops[2], (t - 0.5) * 2);
  double l = Luminance(c);
  bool white = (1.05 / (l + 0.05)) > ((l + 0.05) / (0.0137 + 0.05));  // vs #1b2330
  return fmt::format("background:#{:02x}{:02x}{:02x};color:{}", static_cast<int>(std::lround(c.r)),
                     static_cast<int>(std::lround(c.g)), static_cast<int>(std::lround(c.b)),
                     white ? "#fff" : "#1b2330");
}

constexpr Rgb kBlues[3] = {{244, 249, 254}, {107, 174, 214}, {8, 69, 140}};
constexpr Rgb kOranges[3] = {{255, 246, 235}, {250, 160, 90}, {150, 52, 4}};

std::string ScaleLegend(const Rgb (&stops)[3], const std::string& low, const std::string& high,
                        const std::string& note) {
  std::string out = "<div class=\"scale\" aria-hidden=\"true\"><span>" + Esc(low) +
                    "</span><span class=\"steps\">";
  for (int i = 0; i <= 6; ++i) out += "<span style=\"" + Shade(i / 6.0, stops) + "\"></span>";
  return out + "</span><span>" + Esc(high) + "</span><span>" + Esc(note) + "</span></div>\n";
}

// A metric's value for shading and its text, per cell.
struct CellShown {
  std::optional<double> value;
  std::string text;
};

CellShown Show(const CohortCell& cell, CohortMetric metric) {
  switch (metric) {
    case CohortMetric::kRetention:
      return {cell.retention, Percent(cell.retention)};
    case CohortMetric::kCustomers:
      return {static_cast<double>(cell.customers_active), Count(cell.customers_active)};
    case CohortMetric::kRevenue:
      return {static_cast<double>(cell.revenue.units) / kMoneyScale, MoneyText(cell.revenue)};
    case CohortMetric::kRevenueRetention:
      return {cell.revenue_retention, Percent(cell.revenue_retention)};
    case CohortMetric::kCumulativeRevenuePerCustomer:
      break;
  }
  const std::optional<Money>& m = cell.cumulative_revenue_per_customer;
  return {m ? std::optional(static_cast<double>(m->units) / kMoneyScale) : std::nullopt,
          MoneyText(m)};
}

// Shares of the cohort's own period (100% there by definition).
bool IsShare(CohortMetric metric) {
  return metric == CohortMetric::kRetention || metric == CohortMetric::kRevenueRetention;
}

// The cohorts' sums per offset, over the cohorts that have the cell.
struct Column {
  int64_t size = 0, active = 0, revenue = 0, running = 0, own_revenue = 0;
};

std::string AllCohorts(const Column& c, CohortMetric metric) {
  switch (metric) {
    case CohortMetric::kRetention:
      return c.size == 0 ? "n/a"
                         : Percent(static_cast<double>(c.active) / static_cast<double>(c.size));
    case CohortMetric::kCustomers:
      return Count(c.active);
    case CohortMetric::kRevenue:
      return MoneyText(Money{c.revenue});
    case CohortMetric::kRevenueRetention:
      return c.own_revenue == 0
                 ? "n/a"
                 : Percent(static_cast<double>(c.revenue) / static_cast<double>(c.own_revenue));
    case CohortMetric::kCumulativeRevenuePerCustomer:
      break;
  }
  return c.size == 0 ? "n/a" : MoneyText(DivideMoney(Money{c.running}, c.size));
}

}  // namespace

std::string Heatmap(const std::vector<Cohort>& cohorts, CohortMetric metric, Unit unit,
                    const std::string& id) {
  size_t columns = 0;
  for (const Cohort& c : cohorts) columns = std::max(columns, c.cells.size());
  char letter = UnitLetter(unit);
  // The scale: a share relative to the best cell after the cohort's own
  // period (offset 0 is 100% by definition); counts and money up to the
  // largest.
  double top = 0;
  for (const Cohort& c : cohorts) {
    for (const CohortCell& cell : c.cells) {
      const std::optional<double> value = Show(cell, metric).value;
      if (value && (cell.offset > 0 || !IsShare(metric))) top = std::max(top, *value);
    }
  }
  if (!(top > 0)) top = 1;
  const bool money =
      metric == CohortMetric::kRevenue || metric == CohortMetric::kCumulativeRevenuePerCustomer;
  const auto& stops = money ? kOranges : kBlues;

  std::string out = "<div class=\"tablewrap\"><table class=\"heat\" id=\"" + id +
                    "\"><thead><tr><th scope=\"col\">Cohort</th><th scope=\"col\" "
                    "style=\"text-align:right\">Size</th>";
  for (size_t j = 0; j < columns; ++j) {
    out += fmt::format("<th scope=\"col\">{}{}</th>", letter, j);
  }
  out += "</tr></thead>\n<tbody>\n";
  std::vector<Column> sums(columns);
  for (const Cohort& c : cohorts) {
    out += "<tr data-cohort=\"" + Esc(c.period.label) + "\"><td title=\"" +
           Esc(DateSpan(c.period)) + "\">" + Esc(c.period.label) + "</td><td class=\"size\">" +
           Count(c.size) + "</td>";
    int64_t running = 0;
    for (size_t j = 0; j < columns; ++j) {
      if (j >= c.cells.size()) {
        out += "<td class=\"blank\"></td>";
        continue;
      }
      const CohortCell& cell = c.cells[j];
      running += cell.revenue.units;
      if (c.size > 0) {
        Column& sum = sums[j];
        sum.size += c.size;
        sum.active += cell.customers_active;
        sum.revenue += cell.revenue.units;
        sum.running += running;
        sum.own_revenue += c.cells[0].revenue.units;
      }
      const CellShown shown = Show(cell, metric);
      std::string tip = fmt::format(
          "{} {}{} ({}): {} of {} customers active, revenue {}", c.period.label, letter, j,
          cell.period.label, Count(cell.customers_active), Count(c.size), MoneyText(cell.revenue));
      if (!shown.value) {
        out += "<td class=\"na\" data-offset=\"" + std::to_string(j) + "\" title=\"" + Esc(tip) +
               "\">n/a</td>";
      } else {
        out += "<td data-offset=\"" + std::to_string(j) + "\" style=\"" +
               Shade(*shown.value / top, stops) + "\" title=\"" + Esc(tip) + "\">" +
               Esc(shown.text) + "</td>";
      }
    }
    out += "</tr>\n";
  }
  out += "</tbody>\n";
  // Over the cohorts that have each cell: averages weighted by size, sums
  // of counts and revenue.
  const char* how = metric == CohortMetric::kCustomers || metric == CohortMetric::kRevenue
                        ? "summed over the cohorts with that cell"
                    : metric == CohortMetric::kRevenueRetention
                        ? "their revenue over their revenue in their own period, over the "
                          "cohorts with that cell"
                        : "weighted by cohort size, over the cohorts with that cell";
  out +=
      std::string("<tfoot><tr><td title=\"") + how + "\">All cohorts</td><td class=\"size\"></td>";
  for (size_t j = 0; j < columns; ++j) {
    const std::string text = sums[j].size == 0 ? "n/a" : AllCohorts(sums[j], metric);
    out += (text == "n/a" ? "<td class=\"na\">" : "<td>") + Esc(text) + "</td>";
  }
  out += "</tr></tfoot>\n</table></div>\n";
  if (IsShare(metric)) {
    out += ScaleLegend(stops, "0%", Percent(top) + "+",
                       fmt::format("shading relative to the best cell after {}0; {}0 is 100% "
                                   "by definition",
                                   letter, letter));
  } else if (metric == CohortMetric::kCustomers) {
    out +=
        ScaleLegend(stops, "0", Count(static_cast<int64_t>(std::llround(top))), "active customers");
  } else {
    out += ScaleLegend(
        stops, "0.00", MoneyText(Money{std::llround(top * kMoneyScale)}),
        metric == CohortMetric::kRevenue ? "revenue" : "cumulative revenue per customer");
  }
  return out;
}

}  // namespace retention::html
