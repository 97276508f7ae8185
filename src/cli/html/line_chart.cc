// SVG line and bar charts: scale and ticks, markers, legend, the table of
// each chart's numbers, the palette, and the report's four trend charts.
#include "cli/html/line_chart.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "cli/html/page.h"
#include "cli/print/text_format.h"

namespace retention::html {
namespace {

struct Line {
  std::string name;
  std::vector<std::optional<double>> values;
  const char* color;   // CSS colour
  const char* dash;    // "" solid, "dash", "dot"
  const char* marker;  // circle, square, triangle, diamond
  bool bars = false;
};

struct Chart {
  std::string title;
  std::string subtitle;
  std::string y_title;
  Kind kind = Kind::kCount;
  std::vector<Line> lines;
};

double NiceStep(double range, int target) {
  if (!(range > 0)) return 1;
  double raw = range / target;
  double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double f = raw / mag;
  double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
  return nice * mag;
}

std::string TickText(double v, Kind kind, double step) {
  if (std::fabs(v) < step * 1e-6) v = 0;
  int decimals = step >= 1 ? 0 : step >= 0.1 ? 1 : 2;
  std::string text = GroupThousands(fmt::format("{:.{}f}", v, decimals));
  return kind == Kind::kRate ? text + "%" : text;
}

std::string Num(double v) { return fmt::format("{:.1f}", v); }

std::string MarkerSvg(const char* shape, double x, double y, const char* color, bool hollow) {
  std::string paint = fmt::format("fill=\"{}\" stroke=\"{}\" stroke-width=\"{}\"",
                                  hollow ? "#fff" : color, color, hollow ? 2 : 1);
  std::string s(shape);
  if (s == "square") {
    return fmt::format("<rect x=\"{}\" y=\"{}\" width=\"8\" height=\"8\" {}/>", Num(x - 4),
                       Num(y - 4), paint);
  }
  if (s == "triangle") {
    return fmt::format("<path d=\"M{},{}L{},{}L{},{}Z\" {}/>", Num(x), Num(y - 5.5), Num(x + 5),
                       Num(y + 4), Num(x - 5), Num(y + 4), paint);
  }
  if (s == "diamond") {
    return fmt::format("<path d=\"M{},{}L{},{}L{},{}L{},{}Z\" {}/>", Num(x), Num(y - 5.5),
                       Num(x + 5.5), Num(y), Num(x), Num(y + 5.5), Num(x - 5.5), Num(y), paint);
  }
  return fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"4.5\" {}/>", Num(x), Num(y), paint);
}

std::string Legend(const Chart& c) {
  std::string out = "<ul class=\"legend\">";
  for (const Line& l : c.lines) {
    if (l.bars) {
      out += fmt::format(
          "<li><span class=\"key bar\" style=\"color:{}\" aria-hidden=\"true\"></span>{}</li>",
          l.color, Esc(l.name));
    } else {
      out += fmt::format(
          "<li><span class=\"key\" style=\"color:{}\" aria-hidden=\"true\"><span class=\"ln "
          "{}\"></span><span class=\"mk {}\"></span></span>{}</li>",
          l.color, l.dash, l.marker, Esc(l.name));
    }
  }
  return out + "</ul>\n";
}

std::string FormatValue(double v, Kind kind) {
  switch (kind) {
    case Kind::kCount:
      return Count(static_cast<int64_t>(std::llround(v)));
    case Kind::kRate:
      return fmt::format("{:.1f}%", v);
    case Kind::kMoney:
      return GroupThousands(fmt::format("{:.2f}", v));
  }
  return kNull;
}

// A line (or bar) chart over the periods with labelled axes and ticks.
std::string ChartSvg(const Chart& c, const std::vector<PeriodMetrics>& ps, const std::string& id,
                     const std::string& x_title) {
  const double W = 1100, H = 300, left = 78, right = 18, top = 24, bottom = 58;
  const double pw = W - left - right, ph = H - top - bottom;
  size_t n = ps.size();
  double lo = 0, hi = 0;
  for (const Line& l : c.lines) {
    for (const auto& v : l.values) {
      if (v) lo = std::min(lo, *v), hi = std::max(hi, *v);
    }
  }
  if (c.kind == Kind::kRate) hi = std::max(hi, 100.0);
  if (hi <= lo) hi = lo + 1;
  double step = NiceStep(hi - lo, 5);
  if (c.kind == Kind::kCount) step = std::max(step, 1.0);
  double y0 = std::floor(lo / step) * step, y1 = std::ceil(hi / step) * step;
  if (y1 <= y0) y1 = y0 + step;
  auto X = [&](size_t i) { return left + (static_cast<double>(i) + 0.5) * pw / n; };
  auto Y = [&](double v) { return top + ph - (v - y0) / (y1 - y0) * ph; };

  std::string out = fmt::format(
      "<svg class=\"chart\" viewBox=\"0 0 {} {}\" role=\"img\" aria-labelledby=\"{}-t\">"
      "<title id=\"{}-t\">{}</title>\n",
      W, H, id, id, Esc(c.title + ": " + c.subtitle));
  // Partial periods: a shaded band with a label.
  for (size_t i = 0; i < n; ++i) {
    if (!ps[i].partial) continue;
    out += fmt::format(
        "<rect class=\"partial-band\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/><text "
        "class=\"partial-text\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">partial</text>\n",
        Num(X(i) - pw / n / 2), Num(top), Num(pw / n), Num(ph), Num(X(i)), Num(top - 6));
  }
  // Y grid, ticks and labels.
  for (double v = y0; v <= y1 + step / 2; v += step) {
    double y = Y(v);
    out += fmt::format(
        "<line class=\"grid\" x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\"/><line class=\"axis\" "
        "x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\"/><text x=\"{}\" y=\"{}\" "
        "text-anchor=\"end\">{}</text>\n",
        Num(left), Num(left + pw), Num(y), Num(y), Num(left - 5), Num(left), Num(y), Num(y),
        Num(left - 8), Num(y + 4), Esc(TickText(v, c.kind, step)));
  }
  // Axes.
  out += fmt::format(
      "<line class=\"axis\" x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\"/><line class=\"axis\" "
      "x1=\"{0}\" x2=\"{3}\" y1=\"{4}\" y2=\"{4}\"/>\n",
      Num(left), Num(top), Num(top + ph), Num(left + pw), Num(Y(std::max(y0, 0.0))));
  // X ticks and labels, thinned so that they never overlap.
  size_t every = std::max<size_t>(1, (n + 13) / 14);
  for (size_t i = 0; i < n; ++i) {
    double x = X(i);
    out += fmt::format("<line class=\"axis\" x1=\"{0}\" x2=\"{0}\" y1=\"{1}\" y2=\"{2}\"/>", Num(x),
                       Num(top + ph), Num(top + ph + 5));
    if (i % every == 0 || i + 1 == n) {
      if (i + 1 == n && i % every != 0 && every > 1) continue;
      out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>", Num(x),
                         Num(top + ph + 20), Esc(PeriodName(ps[i])));
    }
    out += "\n";
  }
  // Axis titles.
  out += fmt::format(
      "<text class=\"axis-title\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n"
      "<text class=\"axis-title\" transform=\"translate(16,{}) rotate(-90)\" "
      "text-anchor=\"middle\">{}</text>\n",
      Num(left + pw / 2), Num(H - 10), Esc(x_title), Num(top + ph / 2), Esc(c.y_title));
  // Bars first, lines on top.
  for (const Line& l : c.lines) {
    if (!l.bars) continue;
    double bw = std::min(48.0, pw / n * 0.62);
    for (size_t i = 0; i < n && i < l.values.size(); ++i) {
      if (!l.values[i]) continue;
      double ya = Y(*l.values[i]), yb = Y(std::max(y0, 0.0));
      bool partial = ps[i].partial;
      out += fmt::format(
          "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"{}\" "
          "stroke-width=\"1.5\"{}><title>{}: {}</title></rect>\n",
          Num(X(i) - bw / 2), Num(std::min(ya, yb)), Num(bw), Num(std::fabs(yb - ya)),
          partial ? "#fff" : l.color, l.color, partial ? " stroke-dasharray=\"4 3\"" : "",
          Esc(PeriodName(ps[i])), Esc(FormatValue(*l.values[i], c.kind)));
    }
  }
  for (const Line& l : c.lines) {
    if (l.bars) continue;
    std::string d;
    bool pen = false;
    for (size_t i = 0; i < n && i < l.values.size(); ++i) {
      if (!l.values[i]) {
        pen = false;
        continue;
      }
      d += fmt::format("{}{},{}", pen ? "L" : "M", Num(X(i)), Num(Y(*l.values[i])));
      pen = true;
    }
    std::string s(l.dash);
    std::string dasharray = s == "dash"  ? " stroke-dasharray=\"8 5\""
                            : s == "dot" ? " stroke-dasharray=\"2 4\" stroke-linecap=\"round\""
                                         : "";
    if (!d.empty()) {
      out += fmt::format(
          "<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2.5\" "
          "stroke-linejoin=\"round\"{}/>\n",
          d, l.color, dasharray);
    }
    for (size_t i = 0; i < n && i < l.values.size(); ++i) {
      if (!l.values[i]) continue;
      out += "<g>" + MarkerSvg(l.marker, X(i), Y(*l.values[i]), l.color, ps[i].partial) +
             fmt::format("<title>{} {}: {}</title></g>", Esc(l.name), Esc(PeriodName(ps[i])),
                         Esc(FormatValue(*l.values[i], c.kind)));
    }
    out += "\n";
  }
  return out + "</svg>\n";
}

// The chart's exact numbers: one row per line, one column per period.
std::string ChartTable(const Chart& c, const std::vector<PeriodMetrics>& ps,
                       const std::vector<std::vector<std::string>>& cells) {
  std::string out =
      "<div class=\"tablewrap\"><table class=\"data\"><thead><tr><th "
      "scope=\"col\">Figure</th>";
  for (const auto& p : ps) {
    out += "<th scope=\"col\">" + Esc(PeriodName(p)) + "</th>";
  }
  out += "</tr></thead><tbody>\n";
  for (size_t k = 0; k < c.lines.size(); ++k) {
    out += "<tr><th scope=\"row\">" + Esc(c.lines[k].name) + "</th>";
    for (const auto& text : cells[k]) out += "<td>" + Esc(text) + "</td>";
    out += "</tr>\n";
  }
  return out + "</tbody></table></div>\n";
}

std::string ChartBlock(const Chart& c, const std::vector<PeriodMetrics>& ps,
                       const std::vector<std::vector<std::string>>& cells, const std::string& id,
                       const std::string& x_title) {
  return "<figure>\n<figcaption>" + Esc(c.title) + " <span class=\"muted\">&middot; " +
         Esc(c.subtitle) + "</span></figcaption>\n" + Legend(c) + ChartSvg(c, ps, id, x_title) +
         ChartTable(c, ps, cells) + "</figure>\n";
}

// Line colours: the Okabe-Ito palette, darkened for contrast on white.
constexpr const char* kBlue = "#0072b2";
constexpr const char* kOrange = "#c85200";
constexpr const char* kGreen = "#00785a";
constexpr const char* kPurple = "#8e4585";

}  // namespace

std::string Charts(const std::vector<PeriodMetrics>& ps, const std::string& x_title) {
  auto counts = [&](int64_t PeriodMetrics::*field) {
    std::vector<std::optional<double>> v;
    for (const auto& m : ps) v.push_back(static_cast<double>(m.*field));
    return v;
  };
  auto count_texts = [&](int64_t PeriodMetrics::*field) {
    std::vector<std::string> v;
    for (const auto& m : ps) v.push_back(Count(m.*field));
    return v;
  };
  auto rates = [&](std::optional<double> PeriodMetrics::*field) {
    std::vector<std::optional<double>> v;
    for (const auto& m : ps) {
      v.push_back(m.*field ? std::optional<double>(*(m.*field) * 100) : std::nullopt);
    }
    return v;
  };
  auto rate_texts = [&](std::optional<double> PeriodMetrics::*field) {
    std::vector<std::string> v;
    for (const auto& m : ps) v.push_back(Percent(m.*field));
    return v;
  };
  auto monies = [&](std::optional<Money> PeriodMetrics::*field) {
    std::vector<std::optional<double>> v;
    for (const auto& m : ps) {
      const auto& x = m.*field;
      v.push_back(x ? std::optional<double>(static_cast<double>(x->units) / kMoneyScale)
                    : std::nullopt);
    }
    return v;
  };
  auto money_texts = [&](std::optional<Money> PeriodMetrics::*field) {
    std::vector<std::string> v;
    for (const auto& m : ps) v.push_back(MoneyText(m.*field));
    return v;
  };

  std::string out = "<section class=\"charts\" aria-label=\"Trends\">\n";
  Chart customers{
      "Customers",
      "active at start (S) and end (E), new (N) and lost (L) in each period",
      "Customers",
      Kind::kCount,
      {{"At start (S)", counts(&PeriodMetrics::customers_start), kBlue, "", "circle"},
       {"At end (E)", counts(&PeriodMetrics::customers_end), kPurple, "dash", "square"},
       {"New (N)", counts(&PeriodMetrics::customers_new), kGreen, "", "triangle"},
       {"Lost (L)", counts(&PeriodMetrics::customers_lost), kOrange, "dot", "diamond"}}};
  out += ChartBlock(
      customers, ps,
      {count_texts(&PeriodMetrics::customers_start), count_texts(&PeriodMetrics::customers_end),
       count_texts(&PeriodMetrics::customers_new), count_texts(&PeriodMetrics::customers_lost)},
      "chart-customers", x_title);

  Chart rates_chart{
      "Churn and retention",
      "churn = L / S, retention = (E - N) / S, in % of customers at start",
      "% of customers at start",
      Kind::kRate,
      {{"Churn rate", rates(&PeriodMetrics::churn_rate), kOrange, "dash", "diamond"},
       {"Retention rate", rates(&PeriodMetrics::retention_rate), kBlue, "", "circle"}}};
  out += ChartBlock(
      rates_chart, ps,
      {rate_texts(&PeriodMetrics::churn_rate), rate_texts(&PeriodMetrics::retention_rate)},
      "chart-rates", x_title);

  // Without order data there is no revenue to chart.
  if (std::none_of(ps.begin(), ps.end(), [](const PeriodMetrics& m) { return m.has_orders; })) {
    return out + "</section>\n";
  }
  std::vector<std::optional<double>> revenue;
  std::vector<std::string> revenue_texts;
  for (const auto& m : ps) {
    revenue.push_back(
        m.has_orders ? std::optional<double>(static_cast<double>(m.revenue.units) / kMoneyScale)
                     : std::nullopt);
    revenue_texts.push_back(RevenueText(m));
  }
  Chart revenue_chart{"Revenue",
                      "purchases minus refunds dated in the period",
                      "Revenue",
                      Kind::kMoney,
                      {{"Revenue", revenue, kBlue, "", "square", true}}};
  out += ChartBlock(revenue_chart, ps, {revenue_texts}, "chart-revenue", x_title);

  Chart value_chart{
      "Order and customer value",
      "average order value (revenue / orders) and customer lifetime value",
      "Amount",
      Kind::kMoney,
      {{"Average order value", monies(&PeriodMetrics::aov), kGreen, "", "circle"},
       {"Customer lifetime value", monies(&PeriodMetrics::clv), kPurple, "dash", "square"}}};
  out += ChartBlock(value_chart, ps,
                    {money_texts(&PeriodMetrics::aov), money_texts(&PeriodMetrics::clv)},
                    "chart-value", x_title);
  return out + "</section>\n";
}

}  // namespace retention::html
