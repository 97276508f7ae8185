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

}  // namespace

std::string Heatmap(const std::vector<Cohort>& cohorts, HeatMetric metric, Unit unit,
                    const std::string& id) {
  size_t columns = 0;
  for (const Cohort& c : cohorts) columns = std::max(columns, c.cells.size());
  char letter = UnitLetter(unit);
  // The scale: retention relative to the best cell after the cohort's own
  // period (offset 0 is 100% by definition); revenue up to the largest.
  double top = 0;
  for (const Cohort& c : cohorts) {
    for (const CohortCell& cell : c.cells) {
      if (metric == HeatMetric::kRetention) {
        if (cell.offset > 0 && cell.retention) top = std::max(top, *cell.retention);
      } else if (cell.cumulative_revenue_per_customer) {
        top = std::max(
            top, static_cast<double>(cell.cumulative_revenue_per_customer->units) / kMoneyScale);
      }
    }
  }
  if (!(top > 0)) top = 1;
  const auto& stops = metric == HeatMetric::kRetention ? kBlues : kOranges;

  std::string out = "<div class=\"tablewrap\"><table class=\"heat\" id=\"" + id +
                    "\"><thead><tr><th scope=\"col\">Cohort</th><th scope=\"col\" "
                    "style=\"text-align:right\">Size</th>";
  for (size_t j = 0; j < columns; ++j) {
    out += fmt::format("<th scope=\"col\">{}{}</th>", letter, j);
  }
  out += "</tr></thead>\n<tbody>\n";
  std::vector<int64_t> active(columns, 0), size(columns, 0);
  std::vector<int64_t> revenue(columns, 0);
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
        active[j] += cell.customers_active;
        size[j] += c.size;
        revenue[j] += running;
      }
      std::optional<double> value;
      std::string text;
      if (metric == HeatMetric::kRetention) {
        value = cell.retention;
        text = Percent(cell.retention);
      } else {
        if (cell.cumulative_revenue_per_customer) {
          value = static_cast<double>(cell.cumulative_revenue_per_customer->units) / kMoneyScale;
        }
        text = MoneyText(cell.cumulative_revenue_per_customer);
      }
      std::string tip = fmt::format(
          "{} {}{} ({}): {} of {} customers active, revenue {}", c.period.label, letter, j,
          cell.period.label, Count(cell.customers_active), Count(c.size), MoneyText(cell.revenue));
      if (!value) {
        out += "<td class=\"na\" data-offset=\"" + std::to_string(j) + "\" title=\"" + Esc(tip) +
               "\">n/a</td>";
      } else {
        out += "<td data-offset=\"" + std::to_string(j) + "\" style=\"" +
               Shade(*value / top, stops) + "\" title=\"" + Esc(tip) + "\">" + Esc(text) + "</td>";
      }
    }
    out += "</tr>\n";
  }
  out += "</tbody>\n";
  // Size-weighted average of the cohorts that have each cell.
  out +=
      "<tfoot><tr><td title=\"weighted by cohort size, over the cohorts with that cell\">All "
      "cohorts</td><td class=\"size\"></td>";
  for (size_t j = 0; j < columns; ++j) {
    if (size[j] == 0) {
      out += "<td class=\"na\">n/a</td>";
    } else if (metric == HeatMetric::kRetention) {
      out += "<td>" + Esc(Percent(static_cast<double>(active[j]) / static_cast<double>(size[j]))) +
             "</td>";
    } else {
      out += "<td>" + Esc(MoneyText(DivideMoney(Money{revenue[j]}, size[j]))) + "</td>";
    }
  }
  out += "</tr></tfoot>\n</table></div>\n";
  if (metric == HeatMetric::kRetention) {
    out += ScaleLegend(stops, "0%", Percent(top) + "+",
                       fmt::format("shading relative to the best cell after {}0; {}0 is 100% "
                                   "by definition",
                                   letter, letter));
  } else {
    out += ScaleLegend(stops, "0.00", MoneyText(Money{std::llround(top * kMoneyScale)}),
                       "cumulative revenue per customer");
  }
  return out;
}

}  // namespace retention::html
