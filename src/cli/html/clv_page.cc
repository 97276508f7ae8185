// The `retention clv` page: model card, tracking curve, frequency bars,
// P(alive) and CLV distributions (SVG, each with its numbers in a table),
// top customers.
// Uses the page shell of page.h; the charts are drawn here because the
// report's line_chart.h draws PeriodMetrics series only.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "cli/html/page.h"
#include "cli/print/print_clv.h"
#include "cli/print/printers.h"
#include "cli/print/text_format.h"

namespace retention {
namespace {

using html::Esc;

std::string GradientText(double norm) {
  return std::isfinite(norm) ? fmt::format("{:.1e}", norm) : std::string(kNull);
}

std::string Fix(double v, int decimals) {
  return std::isfinite(v)
             ? GroupThousands(fmt::format("{:.{}f}", RoundHalfAway(v, decimals), decimals))
             : std::string(kNull);
}

constexpr double kWidth = 640, kHeight = 240, kLeft = 56, kRight = 16, kTop = 16, kBottom = 36;

double Max(const std::vector<double>& v) {
  double m = 0;
  for (double x : v) m = std::max(m, std::isfinite(x) ? x : 0);
  return m > 0 ? m : 1;
}

std::string Axes(double y_max, const std::string& x_title) {
  std::string s;
  double h = kHeight - kTop - kBottom;
  for (int i = 0; i <= 4; ++i) {
    double y = kTop + h - h * i / 4;
    s += fmt::format(
        "<line x1=\"{}\" x2=\"{}\" y1=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#ddd\"/>"
        "<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\" font-size=\"11\">{}</text>",
        kLeft, kWidth - kRight, y, y, kLeft - 6, y + 4, Fix(y_max * i / 4, y_max < 4 ? 2 : 0));
  }
  s += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\">{}</text>",
                   (kLeft + kWidth - kRight) / 2, kHeight - 6, Esc(x_title));
  return s;
}

// A table of `columns` and `rows`, every cell escaped: each chart's numbers,
// the model card, the top customers.
std::string DataTable(const std::vector<std::string>& columns,
                      const std::vector<std::vector<std::string>>& rows) {
  std::string table = "<div class=\"tablewrap\"><table class=\"data\"><thead><tr>";
  for (const std::string& c : columns) table += "<th scope=\"col\">" + Esc(c) + "</th>";
  table += "</tr></thead><tbody>";
  for (const std::vector<std::string>& r : rows) {
    table += "<tr>";
    for (const std::string& cell : r) table += "<td>" + Esc(cell) + "</td>";
    table += "</tr>";
  }
  return table + "</tbody></table></div>\n";
}

// Predicted (dashed) and actual (solid) cumulative repeat transactions,
// from the first transaction to the holdout end, with the calibration end
// marked.
std::string TrackingChart(const HoldoutCheck& h, const std::string& unit) {
  if (h.tracking.empty()) return "";
  std::vector<double> predicted, actual;
  for (const HoldoutTrackingPoint& p : h.tracking) {
    predicted.push_back(p.predicted);
    actual.push_back(static_cast<double>(p.actual));
  }
  double y_max = std::max(Max(predicted), Max(actual)) * 1.05;
  double w = kWidth - kLeft - kRight, hgt = kHeight - kTop - kBottom;
  // The curve starts from nothing one unit before its first point.
  const double from = h.tracking.front().units - 1, to = h.tracking.back().units;
  auto x_of = [&](double units) { return kLeft + w * (units - from) / std::max(to - from, 1e-9); };
  auto points = [&](const std::vector<double>& v) {
    std::string s = fmt::format("{:.1f},{} ", x_of(from), kTop + hgt);
    for (size_t i = 0; i < v.size(); ++i) {
      double y = kTop + hgt - hgt * (std::isfinite(v[i]) ? v[i] : 0) / y_max;
      s += fmt::format("{:.1f},{:.1f} ", x_of(h.tracking[i].units), y);
    }
    return s;
  };
  std::string svg = fmt::format(
      "<svg viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"Cumulative repeat transactions, "
      "predicted and actual, through the calibration window and the holdout\">",
      kWidth, kHeight);
  svg += Axes(y_max, unit + "s from the calibration end");
  svg += fmt::format(
      "<line x1=\"{0:.1f}\" x2=\"{0:.1f}\" y1=\"{1}\" y2=\"{2}\" stroke=\"#888\" "
      "stroke-dasharray=\"2 3\"/><text x=\"{3:.1f}\" y=\"{4}\" font-size=\"11\" "
      "fill=\"#555\">calibration end</text>",
      x_of(0), kTop, kTop + hgt, x_of(0) + 4, kTop + 12);
  svg += "<polyline fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\" points=\"" +
         points(actual) + "\"/>";
  svg +=
      "<polyline fill=\"none\" stroke=\"#d62728\" stroke-width=\"2\" stroke-dasharray=\"6 4\" "
      "points=\"" +
      points(predicted) + "\"/></svg>\n";
  std::string legend =
      "<p class=\"legend\"><span style=\"color:#1f77b4\">&#9632; actual</span> "
      "<span style=\"color:#d62728\">- - predicted</span></p>\n";
  std::vector<std::vector<std::string>> rows;
  for (const HoldoutTrackingPoint& p : h.tracking) {
    rows.push_back({Fix(p.units, 1), Fix(p.predicted, 1), std::to_string(p.actual)});
  }
  return svg + legend + "<details><summary>Numbers</summary>" +
         DataTable({unit + "s from the calibration end", "predicted", "actual"}, rows) +
         "</details>\n";
}

// Mean predicted and actual holdout transactions per calibration frequency.
std::string FrequencyChart(const HoldoutCheck& h) {
  std::vector<double> all;
  for (const HoldoutFrequencyRow& r : h.by_frequency) {
    all.push_back(r.predicted);
    all.push_back(r.actual);
  }
  double y_max = Max(all) * 1.05;
  double w = kWidth - kLeft - kRight, hgt = kHeight - kTop - kBottom;
  double slot = w / static_cast<double>(h.by_frequency.size());
  std::string svg = fmt::format(
      "<svg viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"Holdout transactions per customer "
      "by calibration frequency, predicted and actual\">",
      kWidth, kHeight);
  svg += Axes(y_max, "repeat transactions in calibration (x)");
  for (size_t i = 0; i < h.by_frequency.size(); ++i) {
    const HoldoutFrequencyRow& r = h.by_frequency[i];
    double x0 = kLeft + slot * static_cast<double>(i) + slot * 0.15;
    double bw = slot * 0.35;
    for (int k = 0; k < 2; ++k) {
      double v = k == 0 ? r.actual : r.predicted;
      double bh = hgt * (std::isfinite(v) ? v : 0) / y_max;
      svg += fmt::format(
          "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\"/>",
          x0 + k * bw, kTop + hgt - bh, bw, bh, k == 0 ? "#1f77b4" : "#d62728");
    }
    svg += fmt::format(
        "<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\">{}{}</text>", x0 + bw,
        kTop + hgt + 14, r.frequency, r.or_more ? "+" : "");
  }
  svg += "</svg>\n";
  std::vector<std::vector<std::string>> rows;
  for (const HoldoutFrequencyRow& r : h.by_frequency) {
    rows.push_back({std::to_string(r.frequency) + (r.or_more ? "+" : ""),
                    std::to_string(r.customers), Fix(r.predicted, 3), Fix(r.actual, 3),
                    Fix(r.predicted_spend, 2), Fix(r.actual_spend, 2)});
  }
  std::string table =
      DataTable({"x", "customers", "predicted", "actual", "predicted spend", "actual spend"}, rows);
  return svg +
         "<p class=\"legend\"><span style=\"color:#1f77b4\">&#9632; actual</span> <span "
         "style=\"color:#d62728\">&#9632; predicted</span></p>\n" +
         table;
}

// One bar per value over `labels`, with the numbers in a table whose
// columns are `columns` and rows `rows`. `counts`: the values are whole
// numbers, and so are the ticks of the axis.
std::string BarChart(const std::vector<double>& values, const std::vector<std::string>& labels,
                     const std::string& aria, const std::string& x_title,
                     const std::vector<std::string>& columns,
                     const std::vector<std::vector<std::string>>& rows, bool counts = false) {
  double y_max = Max(values) * 1.05;
  // Counts tick at whole numbers: a page on one customer has no 0.26 of one.
  if (counts) y_max = 4 * std::ceil(y_max / 4);
  double w = kWidth - kLeft - kRight, hgt = kHeight - kTop - kBottom;
  double slot = w / static_cast<double>(std::max<size_t>(values.size(), 1));
  std::string svg = fmt::format("<svg viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{}\">",
                                kWidth, kHeight, Esc(aria));
  svg += Axes(y_max, x_title);
  for (size_t i = 0; i < values.size(); ++i) {
    double bh = hgt * (std::isfinite(values[i]) ? values[i] : 0) / y_max;
    double x = kLeft + slot * static_cast<double>(i) + slot * 0.1;
    svg += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"#1f77b4\"/>"
        "<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\" font-size=\"10\">{}</text>",
        x, kTop + hgt - bh, slot * 0.8, bh, x + slot * 0.4, kTop + hgt + 14, Esc(labels[i]));
  }
  svg += "</svg>\n";
  std::string table = DataTable(columns, rows);
  return svg + "<details><summary>Numbers</summary>" + table + "</details>\n";
}

// Customers by P(alive), in tenths.
std::string AliveChart(const ClvModel& m) {
  std::vector<double> counts(10, 0);
  for (const CustomerClv& c : m.customers) {
    double p = std::isfinite(c.p_alive) ? std::clamp(c.p_alive, 0.0, 1.0) : 0;
    ++counts[std::min<size_t>(9, static_cast<size_t>(p * 10))];
  }
  std::vector<std::string> labels;
  std::vector<std::vector<std::string>> rows;
  const auto total = static_cast<double>(std::max<size_t>(m.customers.size(), 1));
  for (int i = 0; i < 10; ++i) {
    labels.push_back(fmt::format("{}%", i * 10));
    rows.push_back({fmt::format("{}% to {}{}%", i * 10, i == 9 ? "" : "under ", i * 10 + 10),
                    fmt::format("{}", static_cast<int64_t>(counts[i])),
                    Fix(100 * counts[i] / total, 1) + "%"});
  }
  return BarChart(counts, labels, "Customers by probability of being alive", "P(alive)",
                  {"P(alive)", "customers", "share"}, rows, true);
}

// The share of the total CLV of each tenth of the customers, ranked by
// CLV: how concentrated the value is. The customer ranked k (from 0) of n
// is in tenth 10k/n (from 0), so the highest is always in the first, as
// its label says, even with fewer than ten customers.
std::string ClvDecileChart(const ClvModel& m, const std::vector<size_t>& rank) {
  const size_t n = rank.size();
  double total = 0;
  for (size_t i : rank) total += std::isfinite(m.customers[i].clv) ? m.customers[i].clv : 0;
  std::vector<double> shares;
  std::vector<std::string> labels;
  std::vector<std::vector<std::string>> rows;
  for (size_t d = 0; d < 10; ++d) {
    const size_t from = (n * d + 9) / 10, to = (n * (d + 1) + 9) / 10;
    double sum = 0;
    for (size_t k = from; k < to; ++k) {
      double v = m.customers[rank[k]].clv;
      sum += std::isfinite(v) ? v : 0;
    }
    shares.push_back(total > 0 ? 100 * sum / total : 0);
    labels.push_back(fmt::format("{}", d + 1));
    rows.push_back({fmt::format("{}", d + 1), fmt::format("{}", to - from),
                    from < to ? Fix(m.customers[rank[to - 1]].clv, 2) : std::string(kNull),
                    from < to ? Fix(m.customers[rank[from]].clv, 2) : std::string(kNull),
                    Fix(sum, 2), Fix(shares.back(), 1) + "%"});
  }
  return BarChart(shares, labels, "Share of total CLV by tenth of customers, highest CLV first",
                  "tenth of customers by CLV (1: highest), % of total CLV",
                  {"tenth", "customers", "lowest CLV", "highest CLV", "CLV", "share of total"},
                  rows);
}

std::string Section(const ClvSection& s, const ClvReportInfo& info, size_t index) {
  const ClvModel& m = *s.model;
  std::string id = fmt::format("s{}", index);
  std::string name = m.segment ? (m.segment->empty() ? "(empty)" : *m.segment) : "All customers";
  std::string unit(TimeUnitName(m.rfm.options.unit));
  std::string out = "<section aria-labelledby=\"" + id + "-h\">\n<h2 id=\"" + id + "-h\">" +
                    Esc(name) + "</h2>\n";
  const BgNbdFit& b = m.bgnbd;
  const GammaGammaFit& g = m.gamma_gamma;
  auto param = [](const FitReport& f, const char* n, double v) {
    return ParameterIdentified(f, n) ? Fix(v, 4) : std::string("not identified");
  };
  std::vector<std::vector<std::string>> card;
  auto row = [&](const std::string& n, const std::string& v, const std::string& se) {
    card.push_back({n, v, se});
  };
  auto se = [](bool has, double v) { return has ? Fix(v, 4) : std::string(kNull); };
  bool bs = b.standard_errors.has_value(), gs = g.standard_errors.has_value();
  row("BG/NBD r", param(b.fit, "r", b.params.r), se(bs, bs ? b.standard_errors->r : 0));
  row("BG/NBD alpha", param(b.fit, "alpha", b.params.alpha),
      se(bs, bs ? b.standard_errors->alpha : 0));
  row("BG/NBD a", param(b.fit, "a", b.params.a), se(bs, bs ? b.standard_errors->a : 0));
  row("BG/NBD b", param(b.fit, "b", b.params.b), se(bs, bs ? b.standard_errors->b : 0));
  row("Gamma-Gamma p", param(g.fit, "p", g.params.p), se(gs, gs ? g.standard_errors->p : 0));
  row("Gamma-Gamma q", param(g.fit, "q", g.params.q), se(gs, gs ? g.standard_errors->q : 0));
  row("Gamma-Gamma v", param(g.fit, "v", g.params.v), se(gs, gs ? g.standard_errors->v : 0));
  out += "<h3>Model card</h3>\n" + DataTable({"parameter", "estimate", "std. error"}, card);
  out += fmt::format(
      "<p>BG/NBD: log-likelihood {}, {} ({} evaluations, gradient norm {}), {}. "
      "Gamma-Gamma: log-likelihood {}, {}, {} used; frequency/monetary correlation {}.</p>\n",
      Fix(b.fit.log_likelihood, 2), b.fit.converged ? "converged" : "not converged",
      b.fit.iterations, GradientText(b.fit.gradient_norm), Counted(b.customers, "customer"),
      Fix(g.fit.log_likelihood, 2), g.fit.converged ? "converged" : "not converged",
      Counted(g.customers_used, "customer"),
      g.frequency_monetary_correlation ? Fix(*g.frequency_monetary_correlation, 2)
                                       : std::string(kNull));
  const ClvTotals& t = m.totals;
  out += "<dl class=\"meta\">" +
         html::MetaItem("Expected repeat transactions", Fix(t.expected_transactions, 1)) +
         html::MetaItem("Expected revenue", Fix(t.expected_revenue, 2)) +
         html::MetaItem("Total CLV", Fix(t.clv, 2)) +
         html::MetaItem("Customers expected alive", Fix(t.expected_alive, 1)) +
         html::MetaItem("Customers with P(alive) \u2265 50%", std::to_string(t.likely_alive)) +
         "</dl>\n";
  if (m.holdout) {
    // The summary errors beside the charts, as the table prints them.
    auto errors = [](const char* what, const HoldoutErrors& e, int decimals) {
      return std::vector<std::string>{what, Fix(e.predicted_total, decimals),
                                      Fix(e.actual_total, decimals), Fix(e.mae, 3),
                                      e.correlation ? Fix(*e.correlation, 3) : std::string(kNull)};
    };
    out += "<h3>Holdout: predicted against actual</h3>\n" +
           DataTable({"", "predicted", "actual", "MAE per customer", "correlation"},
                     {errors("repeat transactions", m.holdout->transactions, 1),
                      errors("spend", m.holdout->spend, 2)});
    out += "<h3>Tracking: cumulative repeat transactions, calibration and holdout</h3>\n" +
           TrackingChart(*m.holdout, unit);
    out += "<h3>Holdout: transactions per customer by calibration frequency</h3>\n" +
           FrequencyChart(*m.holdout);
  }
  std::vector<size_t> rank = ClvRanking(s);
  out += "<h3>Customers by P(alive)</h3>\n" + AliveChart(m);
  out += "<h3>CLV by tenth of customers</h3>\n" + ClvDecileChart(m, rank);
  size_t shown = info.top > 0 ? std::min<size_t>(rank.size(), info.top) : rank.size();
  out += fmt::format("<h3>Top {} by CLV</h3>\n", Counted(static_cast<int64_t>(shown), "customer"));
  std::vector<std::vector<std::string>> top;
  for (size_t r = 0; r < shown; ++r) {
    const CustomerRfm& c = m.rfm.customers[rank[r]];
    const CustomerClv& p = m.customers[rank[r]];
    // (Ids come from the input: Esc shows the bytes a terminal acts on
    // escaped, should the page be printed rather than opened.)
    top.push_back({std::string(s.table->customers[c.customer]), std::to_string(c.frequency),
                   Fix(c.recency, 1), Fix(c.age, 1), Fix(RepeatMean(c), 2), Percent(p.p_alive),
                   Fix(p.expected_transactions, 2), Fix(p.expected_spend, 2), Fix(p.clv, 2)});
  }
  out += DataTable({"customer", "x", "t_x", "T", "monetary", "P(alive)", "exp. transactions",
                    "exp. spend", "CLV"},
                   top);
  std::vector<std::string> notes = ClvNotes(s);
  if (!notes.empty()) {
    out += "<section class=\"notes\" aria-label=\"Notes\">\n";
    for (const std::string& n : notes) out += "<p>" + Esc(n) + "</p>\n";
    out += "</section>\n";
  }
  return out + "</section>\n";
}

}  // namespace

std::string FormatClvHtml(const std::vector<ClvSection>& sections, const ClvReportInfo& info,
                          const std::string& title) {
  const ClvModel& m = *sections[0].model;
  const RfmOptions& o = m.rfm.options;
  std::string out = html::PageStart(title);
  out += "<header>\n<h1>" + Esc(title) + "</h1>\n<dl class=\"meta\">" +
         html::MetaItem("Calibration end", FormatDate(o.calibration_end)) +
         (o.holdout_end ? html::MetaItem("Holdout end", FormatDate(*o.holdout_end)) : "") +
         html::MetaItem("Time unit", std::string(TimeUnitName(o.unit))) +
         html::MetaItem("Horizon", info.horizon_text) +
         html::MetaItem("Margin", Percent(info.margin)) +
         html::MetaItem("Discount rate", Percent(info.annual_discount_rate) + " a year") +
         "</dl>\n</header>\n";
  out +=
      "<p>P(alive) is the probability that a customer has not silently left; it is not a churn "
      "rate. Expected transactions are repeat purchase days over the horizon. See docs/clv.md."
      "</p>\n";
  if (!info.pooled) {
    out += "<section class=\"notes\" aria-label=\"All customers\">\n<p>" + Esc(kNotPooled) +
           "</p>\n</section>\n";
  }
  for (size_t i = 0; i < sections.size(); ++i) out += Section(sections[i], info, i);
  const std::vector<std::string> skipped = SkippedSegmentNotes(info);
  if (!skipped.empty()) {
    out += "<section class=\"notes\" aria-label=\"Segments without a model\">\n";
    for (const std::string& n : skipped) out += "<p>" + Esc(n) + "</p>\n";
    out += "</section>\n";
  }
  // The last day the page's figures draw on.
  ReportInfo footer(o.holdout_end.value_or(o.calibration_end), info.time_zone);
  return out + html::PageEnd(footer, "docs/clv.md");
}

}  // namespace retention
