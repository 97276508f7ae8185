// HTML printers: a report page and a cohort page, each one self-contained
// file (inline CSS, inline SVG charts, no scripts, fonts or network).
#include "print_html.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "text_format.h"

namespace retention {
namespace {

// ---- text ----

// Escapes text for element content and double-quoted attribute values.
std::string Esc(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

std::string Count(int64_t n) { return GroupThousands(std::to_string(n)); }

std::string OrderCount(const PeriodMetrics& m, int64_t n) {
  return m.has_orders ? Count(n) : kNull;
}
std::string RevenueText(const PeriodMetrics& m) {
  return m.has_orders ? MoneyText(m.revenue) : kNull;
}

// "1 month" for order activity; subscriptions have no window.
std::string ActivityText(const PeriodMetrics& m) {
  return m.activity == ActivitySource::kSubscriptions ? "subscriptions (contracts running)"
                                                      : WindowText(m.window);
}

std::string DateSpan(const Period& p) {
  return FormatDate(p.start) + " to " + FormatDate(p.end) + " (end exclusive)";
}

std::string PeriodName(const PeriodMetrics& m) { return m.period.label + (m.partial ? "*" : ""); }

// The same system font stack, colours and layout for both pages.
constexpr const char* kStyle = R"css(
:root{--ink:#1b2330;--muted:#5a6472;--line:#d9dee5;--soft:#f4f6f9;--good:#0b5cad;--bad:#a8480a;
--s1:#0072b2;--s2:#c85200;--s3:#00785a;--s4:#8e4585}
*{box-sizing:border-box;-webkit-print-color-adjust:exact;print-color-adjust:exact}
html{background:#fff}
body{margin:0;color:var(--ink);background:#fff;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Liberation Sans",sans-serif}
.page{max-width:1200px;margin:0 auto;padding:28px 32px 40px}
h1{font-size:26px;line-height:1.2;margin:0 0 6px;font-weight:700;letter-spacing:-.01em}
h2{font-size:18px;margin:0 0 12px;font-weight:650}
h2+.sub{margin:-8px 0 10px;font-size:14px}
h3{font-size:15px;margin:0 0 6px;font-weight:650}
.sub{margin:0 0 14px;color:var(--muted);font-size:15px}
.meta{display:flex;flex-wrap:wrap;gap:6px 28px;margin:0;padding:10px 14px;background:var(--soft);border:1px solid var(--line);border-radius:8px;font-size:14px}
.meta div{display:flex;gap:6px}
.meta dt{color:var(--muted)}
.meta dd{margin:0;font-weight:600}
section{margin-top:30px}
.muted{color:var(--muted);font-weight:400}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;border:1px solid #b36b00;background:#fff4e0;color:#6b3f00;font-size:12.5px;font-weight:600;vertical-align:2px}
.cards{display:grid;gap:12px;margin-bottom:12px}
.cards.primary{grid-template-columns:repeat(4,minmax(0,1fr))}
.cards.secondary{grid-template-columns:repeat(4,minmax(0,1fr))}
.card{border:1px solid var(--line);border-radius:10px;padding:12px 14px;background:#fff;break-inside:avoid}
.primary .card{border-top:4px solid var(--s1)}
.card .label{font-size:13px;color:var(--muted);font-weight:600;text-transform:uppercase;letter-spacing:.03em}
.card .value{font-size:24px;font-weight:700;font-variant-numeric:tabular-nums;margin:2px 0}
.primary .card .value{font-size:32px}
.card .delta{font-size:13.5px;font-variant-numeric:tabular-nums;margin:0}
.card .was{font-size:12.5px;color:var(--muted);margin:2px 0 0}
.delta.good{color:var(--good)}
.delta.bad{color:var(--bad)}
.delta.flat{color:var(--muted)}
.delta .judge{font-weight:700}
.charts{display:grid;grid-template-columns:minmax(0,1fr);gap:26px}
figure{margin:0;padding:14px 16px 12px;border:1px solid var(--line);border-radius:10px;break-inside:avoid;page-break-inside:avoid}
figcaption{font-size:16px;font-weight:650;margin-bottom:2px}
figcaption .muted{font-size:13.5px}
.legend{display:flex;flex-wrap:wrap;gap:4px 18px;margin:6px 0 2px;padding:0;list-style:none;font-size:13.5px}
.legend li{display:flex;align-items:center;gap:6px}
.key{position:relative;display:inline-block;width:30px;height:12px}
.key .ln{position:absolute;left:0;right:0;top:5px;border-top:2.5px solid currentColor}
.key .ln.dash{border-top-style:dashed}
.key .ln.dot{border-top-style:dotted;border-top-width:3px}
.key .mk{position:absolute;left:10px;top:1px;width:10px;height:10px;background:currentColor}
.key .mk.circle{border-radius:50%}
.key .mk.diamond{transform:rotate(45deg) scale(.8)}
.key .mk.triangle{background:none;width:0;height:0;border-left:6px solid transparent;border-right:6px solid transparent;border-bottom:10px solid currentColor;left:9px}
.key.bar{width:14px;height:12px;background:currentColor;border-radius:2px}
svg.chart{display:block;width:100%;height:auto;overflow:visible}
svg.chart text{font-family:inherit;fill:#3d4654;font-size:12.5px}
svg.chart .axis-title{font-size:13px;fill:#1b2330;font-weight:600}
svg.chart .grid{stroke:#e6e9ee;stroke-width:1}
svg.chart .axis{stroke:#8a93a0;stroke-width:1}
svg.chart .partial-band{fill:#f3efe6}
svg.chart .partial-text{fill:#6b3f00;font-size:12px}
.tablewrap{overflow-x:auto;margin-top:8px}
table{border-collapse:collapse;font-size:13px;font-variant-numeric:tabular-nums}
th,td{padding:4px 8px;border-bottom:1px solid #e6e9ee;text-align:right;white-space:nowrap}
th{font-weight:600;color:#333c48;background:var(--soft)}
th:first-child,td:first-child{text-align:left}
tbody tr:hover td{background:#f7f9fc}
td.text{text-align:left;white-space:normal;color:var(--muted)}
tr.partial td:first-child{font-style:italic}
figure table.data{width:100%}
figure table.data th[scope=row]{background:#fff}
table.data caption{text-align:left;font-size:12.5px;color:var(--muted);caption-side:bottom;padding-top:4px}
table.full{width:100%}
table.full td.sep,table.full th.sep{border-left:1px solid var(--line)}
.notes{font-size:13.5px;color:#333c48;border-left:4px solid #b36b00;background:#fffaf2;padding:10px 14px;border-radius:0 8px 8px 0}
.notes p{margin:4px 0}
.defs{font-size:13px;color:var(--muted);columns:2;column-gap:32px}
.defs p{margin:2px 0;break-inside:avoid}
.defs b{color:var(--ink)}
footer{margin-top:28px;padding-top:10px;border-top:1px solid var(--line);font-size:12.5px;color:var(--muted)}
table.heat{border-collapse:separate;border-spacing:2px;font-size:12px;width:100%}
table.heat th{background:none;border:0;padding:3px 2px;text-align:center}
table.heat th:first-child{text-align:left}
table.heat td{border:0;border-radius:3px;padding:5px 2px;text-align:center;min-width:38px}
table.heat td:first-child{text-align:left;font-weight:600;min-width:0}
table.heat td.size{text-align:right;font-weight:400;color:var(--muted);padding-right:10px}
table.heat td.blank{background:none}
table.heat td.na{color:var(--muted)}
table.heat tfoot td{border-top:2px solid var(--line);border-radius:0;font-weight:600;background:#fff}
.scale{display:flex;align-items:center;gap:8px;font-size:12.5px;color:var(--muted);margin:8px 0 0}
.scale .steps{display:flex}
.scale .steps span{display:inline-block;width:34px;height:14px}
@media (max-width:820px){.cards.primary,.cards.secondary{grid-template-columns:repeat(2,minmax(0,1fr))}.defs{columns:1}}
@media print{
 @page{margin:10mm;size:A4 landscape}
 body{font-size:11pt;background:#fff;color:#000}
 .page{max-width:none;padding:0}
 .tablewrap{overflow:visible}
 /* Wide tables (cohort triangles, long series) shrink to the page width
    rather than losing their last columns. */
 table{font-size:7pt;width:100%;table-layout:auto}
 table.heat td,table.heat th{padding:1px 2px}
 section,figure,.cards,table.heat{break-inside:avoid;page-break-inside:avoid}
 tbody tr:hover td{background:none}
 .card{border-color:#999}
}
)css";

std::string PageStart(const std::string& title) {
  return "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta name=\"generator\" content=\"retention\">\n<title>" +
         Esc(title) + "</title>\n<style>" + kStyle +
         "</style>\n</head>\n<body>\n<div class=\"page\">\n";
}

std::string PageEnd(const ReportInfo& info) {
  return fmt::format(
      "<footer>Made by <b>retention</b> from order data as of {} ({}). Figures are defined in "
      "docs/metrics.md of the retention project. This page works offline and needs no "
      "scripts.</footer>\n</div>\n</body>\n</html>\n",
      Esc(FormatDate(info.as_of)), Esc(info.time_zone));
}

std::string MetaItem(const std::string& term, const std::string& value) {
  return "<div><dt>" + Esc(term) + "</dt><dd>" + Esc(value) + "</dd></div>";
}

// ---- KPI cards ----

enum class Kind { kCount, kRate, kMoney };

struct Figure {
  const char* key;    // JSON name, the data-metric hook
  const char* label;  // card and table label
  Kind kind;
  bool higher_is_better;
};

std::optional<double> ValueOf(const PeriodMetrics& m, const std::string& key) {
  auto money = [](const std::optional<Money>& x) -> std::optional<double> {
    if (!x) return std::nullopt;
    return static_cast<double>(x->units) / kMoneyScale;
  };
  bool order_based = key == "customers_active" || key == "orders" || key == "revenue";
  if (order_based && !m.has_orders) return std::nullopt;
  if (key == "customers_start") return static_cast<double>(m.customers_start);
  if (key == "customers_end") return static_cast<double>(m.customers_end);
  if (key == "customers_new") return static_cast<double>(m.customers_new);
  if (key == "customers_lost") return static_cast<double>(m.customers_lost);
  if (key == "customers_reactivated") return static_cast<double>(m.customers_reactivated);
  if (key == "customers_active") return static_cast<double>(m.customers_active);
  if (key == "orders") return static_cast<double>(m.orders);
  if (key == "revenue") return money(m.revenue);
  if (key == "churn_rate") return m.churn_rate;
  if (key == "retention_rate") return m.retention_rate;
  if (key == "repeat_rate") return m.repeat_rate;
  if (key == "returning_rate") return m.returning_rate;
  if (key == "aov") return money(m.aov);
  if (key == "clv") return money(m.clv);
  return std::nullopt;
}

std::optional<Money> MoneyOf(const PeriodMetrics& m, const std::string& key) {
  if (key == "revenue") return m.has_orders ? std::optional<Money>(m.revenue) : std::nullopt;
  if (key == "aov") return m.aov;
  if (key == "clv") return m.clv;
  return std::nullopt;
}

std::string ValueText(const PeriodMetrics& m, const Figure& f) {
  switch (f.kind) {
    case Kind::kCount: {
      std::optional<double> v = ValueOf(m, f.key);
      return v ? Count(static_cast<int64_t>(*v)) : kNull;
    }
    case Kind::kRate:
      return Percent(ValueOf(m, f.key));
    case Kind::kMoney:
      return MoneyText(MoneyOf(m, f.key));
  }
  return kNull;
}

// "▲ +12 (+9.4%) · better": arrow, signed change and a word, so that the
// colour is never the only cue.
std::string DeltaHtml(const PeriodMetrics& cur, const PeriodMetrics& prev, const Figure& f) {
  std::optional<double> a = ValueOf(cur, f.key), b = ValueOf(prev, f.key);
  std::string was =
      "<p class=\"was\">" + Esc(prev.period.label) + ": " + Esc(ValueText(prev, f)) + "</p>";
  if (!a || !b) {
    return "<p class=\"delta flat\">no comparison (n/a)</p>" + was;
  }
  int direction = 0;
  // Changes under half a point (rates) or half a percent are "steady".
  bool steady = false;
  std::string change;
  if (f.kind == Kind::kRate) {
    double pp = (*a - *b) * 100;
    change = fmt::format("{:+.1f}", pp);
    if (change == "+0.0" || change == "-0.0") {
      change.clear();
    } else {
      direction = pp > 0 ? 1 : -1;
      steady = std::fabs(pp) < 0.5;
      change += " <abbr title=\"percentage points\">pp</abbr>";
    }
  } else {
    std::string relative;
    if (*b != 0) {
      double pct = (*a - *b) / std::fabs(*b) * 100;
      relative = fmt::format(" ({:+.1f}%)", pct);
      steady = std::fabs(pct) < 0.5;
    }
    if (f.kind == Kind::kCount) {
      int64_t d = static_cast<int64_t>(*a) - static_cast<int64_t>(*b);
      direction = d > 0 ? 1 : d < 0 ? -1 : 0;
      change = direction ? (d > 0 ? "+" : "") + Count(d) + relative : "";
    } else {
      Money d{MoneyOf(cur, f.key)->units - MoneyOf(prev, f.key)->units};
      std::string text = MoneyText(d);
      direction = text == "0.00" || text == "-0.00" ? 0 : d.units > 0 ? 1 : -1;
      change = direction ? (d.units > 0 ? "+" : "") + text + relative : "";
    }
  }
  if (direction == 0) {
    return "<p class=\"delta flat\"><span aria-hidden=\"true\">&#9679;</span> no change</p>" + was;
  }
  bool good = (direction > 0) == f.higher_is_better;
  return fmt::format(
             "<p class=\"delta {}\"><span aria-hidden=\"true\">{}</span> {} &middot; <span "
             "class=\"judge\">{}</span></p>",
             steady ? "flat"
             : good ? "good"
                    : "bad",
             direction > 0 ? "&#9650;" : "&#9660;", change,
             steady ? "steady"
             : good ? "better"
                    : "worse") +
         was;
}

std::string Card(const PeriodMetrics& m, const PeriodMetrics* prev, const Figure& f) {
  std::string out = fmt::format(
      "<div class=\"card\"><div class=\"label\">{}</div><div class=\"value\"><span "
      "data-metric=\"{}\">{}</span></div>",
      Esc(f.label), f.key, Esc(ValueText(m, f)));
  if (prev) out += DeltaHtml(m, *prev, f);
  return out + "</div>\n";
}

const Figure kPrimary[] = {
    {"customers_end", "Customers at end", Kind::kCount, true},
    {"churn_rate", "Churn rate", Kind::kRate, false},
    {"retention_rate", "Retention rate", Kind::kRate, true},
    {"revenue", "Revenue", Kind::kMoney, true},
};
const Figure kSecondary[] = {
    {"customers_start", "Customers at start", Kind::kCount, true},
    {"customers_new", "New", Kind::kCount, true},
    {"customers_lost", "Lost", Kind::kCount, false},
    {"customers_reactivated", "Reactivated", Kind::kCount, true},
    {"repeat_rate", "Repeat rate", Kind::kRate, true},
    {"orders", "Orders", Kind::kCount, true},
    {"aov", "Average order value", Kind::kMoney, true},
    {"clv", "Customer lifetime value", Kind::kMoney, true},
};

std::string Cards(const PeriodMetrics& m, const PeriodMetrics* prev) {
  std::string out = "<div class=\"cards primary\">\n";
  for (const Figure& f : kPrimary) out += Card(m, prev, f);
  out += "</div>\n<div class=\"cards secondary\">\n";
  for (const Figure& f : kSecondary) out += Card(m, prev, f);
  return out + "</div>\n";
}

// ---- charts ----

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

// ---- tables ----

// Every figure of one period, with what it counts.
std::string SingleTable(const PeriodMetrics& m) {
  struct Row {
    const char* key;
    std::string label, value, meaning;
  };
  std::vector<Row> rows = {
      {"customers_start", "Customers at start (S)", Count(m.customers_start),
       "active at the start: an order in the window before it"},
      {"customers_new", "New (N)", Count(m.customers_new), "first order ever in the period"},
      {"customers_reactivated", "Reactivated (R)", Count(m.customers_reactivated),
       "had lapsed, active again at the end"},
      {"customers_lost", "Lost (L)", Count(m.customers_lost),
       "active at the start, not at the end"},
      {"customers_end", "Customers at end (E)", Count(m.customers_end), "active at the end"},
      {"customers_active", "Active in period (C)", OrderCount(m, m.customers_active),
       "an order in the period"},
      {"customers_repeat", "with 2+ orders", OrderCount(m, m.customers_repeat),
       "two or more orders in the period"},
      {"customers_returning", "returning", OrderCount(m, m.customers_returning),
       "ordered in the period and before it"},
      {"orders", "Orders (O)", OrderCount(m, m.orders), "orders placed in the period"},
      {"revenue", "Revenue", RevenueText(m), "purchases minus refunds"},
      {"churn_rate", "Churn rate", Percent(m.churn_rate), "L / S"},
      {"retention_rate", "Retention rate", Percent(m.retention_rate), "(E - N) / S"},
      {"repeat_rate", "Repeat rate", Percent(m.repeat_rate), "with 2+ orders / C"},
      {"returning_rate", "Returning rate", Percent(m.returning_rate), "returning / C"},
      {"purchase_frequency", "Purchase frequency", Decimal(m.purchase_frequency), "O / C"},
      {"aov", "Average order value", MoneyText(m.aov), "revenue / O"},
      {"clv", "Customer lifetime value", MoneyText(m.clv), "AOV x frequency x margin x lifespan"},
      {"clv_lifespan", "CLV lifespan (periods)", Decimal(m.lifespan),
       "1 / churn rate unless --lifespan is given"},
  };
  std::string out =
      "<section aria-labelledby=\"all-h\">\n<h2 id=\"all-h\">Every figure</h2>\n<div "
      "class=\"tablewrap\"><table class=\"data full\"><thead><tr><th scope=\"col\">Figure</th><th "
      "scope=\"col\">" +
      Esc(PeriodName(m)) +
      "</th><th scope=\"col\" class=\"text\">What it counts</th></tr></thead><tbody>\n";
  for (const Row& r : rows) {
    out += fmt::format(
        "<tr><th scope=\"row\">{}</th><td data-field=\"{}\">{}</td><td "
        "class=\"text\">{}</td></tr>\n",
        Esc(r.label), r.key, Esc(r.value), Esc(r.meaning));
  }
  return out + "</tbody></table></div>\n</section>\n";
}

// One row per record: the first column names the period or the segment.
std::string FullTable(const std::vector<PeriodMetrics>& ps, bool by_segment,
                      const std::string& first_column) {
  std::string out =
      "<div class=\"tablewrap\"><table class=\"data full\"><thead><tr><th scope=\"col\">" +
      Esc(first_column) +
      "</th><th scope=\"col\" class=\"sep\" title=\"customers at start\">S</th><th scope=\"col\">"
      "New</th><th scope=\"col\">React.</th><th scope=\"col\">Lost</th><th scope=\"col\" "
      "title=\"customers at end\">E</th><th scope=\"col\">Active</th><th scope=\"col\" "
      "class=\"sep\">Orders</th><th scope=\"col\">Revenue</th><th scope=\"col\" "
      "class=\"sep\">Churn</th><th scope=\"col\">Retention</th><th scope=\"col\">Repeat</th><th "
      "scope=\"col\">Returning</th><th scope=\"col\" class=\"sep\">Freq.</th><th "
      "scope=\"col\">AOV</th><th scope=\"col\">CLV</th></tr></thead><tbody>\n";
  for (const auto& m : ps) {
    std::string name = by_segment ? (m.segment ? *m.segment : "(all customers)") : PeriodName(m);
    out += fmt::format(
        "<tr{}><th scope=\"row\" title=\"{}\">{}</th><td class=\"sep\">{}</td><td>{}</td><td>{}"
        "</td><td>{}</td><td>{}</td><td>{}</td><td class=\"sep\">{}</td><td>{}</td><td "
        "class=\"sep\">{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"sep\">{}</td><td>{}"
        "</td><td>{}</td></tr>\n",
        m.partial ? " class=\"partial\"" : "", Esc(DateSpan(m.period)), Esc(name),
        Count(m.customers_start), Count(m.customers_new), Count(m.customers_reactivated),
        Count(m.customers_lost), Count(m.customers_end), OrderCount(m, m.customers_active),
        OrderCount(m, m.orders), RevenueText(m), Percent(m.churn_rate), Percent(m.retention_rate),
        Percent(m.repeat_rate), Percent(m.returning_rate), Decimal(m.purchase_frequency),
        MoneyText(m.aov), MoneyText(m.clv));
  }
  return out + "</tbody></table></div>\n";
}

std::string Notes(const std::vector<PeriodMetrics>& periods, const ReportInfo& info) {
  bool partial = false, above_100 = false;
  for (const auto& m : periods) {
    partial |= m.partial;
    above_100 |= m.retention_rate && *m.retention_rate > 1.0;
  }
  std::string out;
  if (partial) {
    out += "<p><b>* partial:</b> the period is not over on " + Esc(FormatDate(info.as_of)) +
           " (--as-of); its figures will still change.</p>\n";
  }
  if (above_100) {
    out +=
        "<p><b>Retention above 100%:</b> retention = (E - N) / S counts reactivated customers "
        "(R) as retained, so it exceeds 100% when more lapsed customers return than active ones "
        "leave. A longer activity window (e.g. --window 90d) gives a steadier picture.</p>\n";
  }
  return out.empty()
             ? out
             : "<section class=\"notes\" aria-label=\"Notes\" data-notes>\n" + out + "</section>\n";
}

constexpr const char* kDefinitions =
    "<section aria-labelledby=\"defs-h\">\n<h2 id=\"defs-h\">How to read this</h2>\n"
    "<div class=\"defs\">\n"
    "<p><b>Active at t:</b> an order in the activity window before t (with contracts: a "
    "contract running at t).</p>\n"
    "<p><b>S, E:</b> customers active at the start / end of the period.</p>\n"
    "<p><b>New (N):</b> first order ever in the period.</p>\n"
    "<p><b>Lost (L):</b> active at the start, not at the end.</p>\n"
    "<p><b>Reactivated (R):</b> had lapsed and are active again at the end.</p>\n"
    "<p><b>Churn rate:</b> L / S.</p>\n"
    "<p><b>Retention rate:</b> (E - N) / S; counts R as retained.</p>\n"
    "<p><b>Repeat rate:</b> buyers with 2+ orders in the period / buyers.</p>\n"
    "<p><b>AOV:</b> revenue / orders (refunds included).</p>\n"
    "<p><b>CLV:</b> AOV x frequency x margin x lifespan (1 / churn).</p>\n"
    "<p><b>n/a:</b> the figure is undefined (its denominator is 0).</p>\n"
    "<p><b>Periods</b> include their start and exclude their end.</p>\n"
    "</div>\n</section>\n";

std::string UnitWord(const std::vector<PeriodMetrics>& ps, const ReportInfo& info) {
  if (ps.empty()) return "";
  auto unit = UnitOfPeriodText(ps.front().period.label, info.as_of);
  return unit ? std::string(UnitName(*unit)) : "";
}

}  // namespace

std::string FormatReportHtml(const std::vector<PeriodMetrics>& periods, const ReportInfo& info,
                             const std::string& title) {
  std::string page_title = title.empty() ? "Customer retention report" : title;
  std::string out = PageStart(page_title);

  // The all-customers records drive the page; segments get a table.
  std::vector<PeriodMetrics> ps;
  std::vector<PeriodMetrics> segments;
  for (const auto& m : periods) (m.segment ? segments : ps).push_back(m);

  std::string unit = UnitWord(ps, info);
  out += "<header>\n<h1>" + Esc(page_title) + "</h1>\n";
  if (ps.empty()) {
    out += "<p class=\"sub\">No periods to report.</p>\n</header>\n";
    return out + PageEnd(info);
  }
  const PeriodMetrics& last = ps.back();
  const PeriodMetrics* prev = ps.size() > 1 ? &ps[ps.size() - 2] : nullptr;
  std::string span = ps.size() == 1 ? ps.front().period.label
                                    : ps.front().period.label + " to " + last.period.label;
  std::string kind = ps.size() == 1
                         ? "Single period"
                         : fmt::format("{} {}{}", ps.size(), unit.empty() ? "period" : unit, "s");
  out += "<p class=\"sub\">" + Esc(kind) + ", " + Esc(span) + " &middot; " +
         Esc(FormatDate(ps.front().period.start)) + " to " + Esc(FormatDate(last.period.end)) +
         " (end exclusive)</p>\n<dl class=\"meta\">" + MetaItem("Periods", span) +
         MetaItem("As of", FormatDate(info.as_of)) + MetaItem("Time zone", info.time_zone) +
         MetaItem(last.activity == ActivitySource::kSubscriptions ? "Activity" : "Activity window",
                  ActivityText(last));
  if (info.segmented) {
    out += MetaItem("Segments by", info.segment_column.empty() ? "segment" : info.segment_column);
  }
  out += "</dl>\n</header>\n<main>\n";

  // Cards for the latest period.
  out += "<section aria-labelledby=\"kpi-h\">\n<h2 id=\"kpi-h\">" +
         std::string(prev ? "Latest period: " : "Period ") + Esc(PeriodName(last)) +
         " <span class=\"muted\">" + Esc(DateSpan(last.period)) +
         (prev ? ", change vs " + Esc(prev->period.label) : std::string()) + "</span>";
  if (last.partial) {
    out += " <span class=\"badge\" data-partial>partial: not over on " +
           Esc(FormatDate(info.as_of)) + "</span>";
  }
  out += "</h2>\n" + Cards(last, prev) + "</section>\n";
  out += Notes(periods, info);

  if (ps.size() > 1) {
    std::string x_title = unit.empty() ? "Period" : "Period (" + unit + ")";
    if (std::any_of(ps.begin(), ps.end(), [](const PeriodMetrics& m) { return m.partial; })) {
      x_title += ", * partial";
    }
    out += Charts(ps, x_title);
    out += "<section aria-labelledby=\"all-h\">\n<h2 id=\"all-h\">Every figure by period</h2>\n" +
           FullTable(ps, false, "Period") + "</section>\n";
  } else {
    out += SingleTable(last);
  }

  if (!segments.empty()) {
    // The latest period of every segment, beside the total.
    std::vector<PeriodMetrics> rows = {last};
    for (size_t i = 0; i < segments.size(); ++i) {
      if (i + 1 == segments.size() || segments[i + 1].segment != segments[i].segment) {
        rows.push_back(segments[i]);
      }
    }
    std::string by = info.segment_column.empty() ? "segment" : info.segment_column;
    out += "<section aria-labelledby=\"seg-h\">\n<h2 id=\"seg-h\">By " + Esc(by) + ", " +
           Esc(PeriodName(last)) +
           " <span class=\"muted\">a customer counts in the segment of their first "
           "order</span></h2>\n" +
           FullTable(rows, true, by) + "</section>\n";
  }
  out += kDefinitions;
  out += "</main>\n";
  return out + PageEnd(info);
}

namespace {

// ---- cohorts ----

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

enum class HeatMetric { kRetention, kClv };

std::string ScaleLegend(const Rgb (&stops)[3], const std::string& low, const std::string& high,
                        const std::string& note) {
  std::string out = "<div class=\"scale\" aria-hidden=\"true\"><span>" + Esc(low) +
                    "</span><span class=\"steps\">";
  for (int i = 0; i <= 6; ++i) out += "<span style=\"" + Shade(i / 6.0, stops) + "\"></span>";
  return out + "</span><span>" + Esc(high) + "</span><span>" + Esc(note) + "</span></div>\n";
}

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

}  // namespace

std::string FormatCohortsHtml(const std::vector<Cohort>& cohorts, const ReportInfo& info,
                              const std::string& title) {
  std::string page_title = title.empty() ? "Customer cohorts" : title;
  std::string out = PageStart(page_title);
  std::optional<Unit> unit_opt;
  if (!cohorts.empty()) unit_opt = UnitOfPeriodText(cohorts.front().period.label, info.as_of);
  Unit unit = unit_opt.value_or(Unit::kMonth);
  std::string unit_name(UnitName(unit));
  char letter = UnitLetter(unit);

  // Groups of cohorts: all customers first, then each segment.
  std::vector<std::vector<Cohort>> groups;
  for (const Cohort& c : cohorts) {
    if (groups.empty() || groups.back().front().segment != c.segment) groups.emplace_back();
    groups.back().push_back(c);
  }

  out += "<header>\n<h1>" + Esc(page_title) + "</h1>\n";
  if (cohorts.empty()) {
    out += "<p class=\"sub\">No cohorts in the range.</p>\n</header>\n";
    return out + PageEnd(info);
  }
  const auto& main = groups.front();
  int64_t customers = 0;
  for (const Cohort& c : main) customers += c.size;
  std::string span = main.front().period.label + " to " + main.back().period.label;
  out += fmt::format(
      "<p class=\"sub\">{} {} cohorts, {} &middot; {} customers grouped by the {} of their "
      "first order</p>\n",
      main.size(), Esc(unit_name), Esc(span), Esc(Count(customers)), Esc(unit_name));
  out += "<dl class=\"meta\">" + MetaItem("Cohorts", span) +
         MetaItem("As of", FormatDate(info.as_of)) + MetaItem("Time zone", info.time_zone) +
         MetaItem("Step", "1 " + unit_name);
  if (info.segmented) {
    out += MetaItem("Segments by", info.segment_column.empty() ? "segment" : info.segment_column);
  }
  out += "</dl>\n</header>\n<main>\n";

  for (size_t g = 0; g < groups.size(); ++g) {
    std::string suffix;
    if (info.segmented) {
      std::string by = info.segment_column.empty() ? "segment" : info.segment_column;
      suffix = groups[g].front().segment ? ", " + by + " = " + *groups[g].front().segment
                                         : ", all customers";
    }
    std::string n = std::to_string(g);
    out += "<section aria-labelledby=\"ret-h" + n + "\">\n<h2 id=\"ret-h" + n + "\">Retention" +
           Esc(suffix) +
           fmt::format(
               "</h2>\n<p class=\"sub\">Share of each cohort's customers with an order in "
               "each {0}. {1}0 is the cohort's own {0}, {1}1 the {0} after it.</p>\n",
               Esc(unit_name), letter) +
           Heatmap(groups[g], HeatMetric::kRetention, unit, "retention-" + n) + "</section>\n";
    out += "<section aria-labelledby=\"clv-h" + n + "\">\n<h2 id=\"clv-h" + n +
           "\">Cumulative revenue per customer" + Esc(suffix) +
           fmt::format(
               "</h2>\n<p class=\"sub\">The cohort's revenue up to and including each {}, "
               "divided by its size: the observed lifetime value.</p>\n",
               Esc(unit_name)) +
           Heatmap(groups[g], HeatMetric::kClv, unit, "clv-" + n) + "</section>\n";
  }
  bool blanks = false;
  for (const Cohort& c : cohorts) {
    size_t columns = 0;
    for (const Cohort& d : cohorts) columns = std::max(columns, d.cells.size());
    blanks |= c.cells.size() < columns || c.cells.empty();
  }
  out += "<section class=\"notes\" aria-label=\"Notes\">\n";
  if (blanks) {
    out += "<p><b>Blank cells:</b> that " + Esc(unit_name) + " is not over on " +
           Esc(FormatDate(info.as_of)) + " (--as-of), so it has no figures yet.</p>\n";
  }
  out +=
      "<p><b>All cohorts:</b> the average over the cohorts that have the cell, weighted by "
      "cohort size. Revenue includes refunds; n/a means the cohort has no customers.</p>\n"
      "</section>\n</main>\n";
  return out + PageEnd(info);
}

}  // namespace retention
