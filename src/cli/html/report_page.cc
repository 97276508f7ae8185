// The report page: header, cards, trend charts, the tables of every figure
// (by period and by segment), notes and definitions.
#include <fmt/format.h>

#include <algorithm>

#include "cli/html/cards.h"
#include "cli/html/line_chart.h"
#include "cli/html/page.h"
#include "cli/html/print_html.h"
#include "cli/print/report_fields.h"
#include "cli/print/text_format.h"

namespace retention {

// The parts of the page, from src/cli/html.
using html::Cards;
using html::Charts;
using html::Count;
using html::DateSpan;
using html::Esc;
using html::MetaItem;
using html::PageEnd;
using html::PageStart;
using html::PeriodName;
using html::RevenueText;

namespace {

std::string OrderCount(const PeriodMetrics& m, int64_t n) {
  return m.has_orders ? Count(n) : kNull;
}

// "1 month" for order activity; subscriptions have no window.
std::string ActivityText(const PeriodMetrics& m) {
  return m.activity == ActivitySource::kSubscriptions ? "subscriptions (contracts running)"
                                                      : WindowText(m.window);
}

// ---- tables ----

// Every figure of one period, with what it counts.
std::string SingleTable(const PeriodMetrics& m) {
  struct Row {
    const char* key;
    std::string label, value, meaning;
  };
  const bool contracts = m.activity == ActivitySource::kSubscriptions;
  std::vector<Row> rows = {
      {"customers_start", "Customers at start (S)", Count(m.customers_start),
       contracts ? "a contract running when the period begins"
                 : "active at the start: an order in the window before it"},
      {"customers_new", "New (N)", Count(m.customers_new),
       contracts ? "first contract ever starts in the period" : "first order ever in the period"},
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
    std::string name = by_segment ? SegmentLabel(m.segment) : PeriodName(m);
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

// --columns: the chosen columns, a row per record, as the table shows them.
std::string ChosenColumnsTable(const std::vector<PeriodMetrics>& periods, const ReportInfo& info) {
  std::string out =
      "<section aria-labelledby=\"cols-h\">\n<h2 id=\"cols-h\">Chosen figures</h2>\n"
      "<div class=\"tablewrap\"><table class=\"data full\"><thead><tr>";
  for (const std::string& name : info.columns) out += "<th scope=\"col\">" + Esc(name) + "</th>";
  out += "</tr></thead><tbody>\n";
  for (size_t p = 0; p < periods.size(); ++p) {
    out += periods[p].partial ? "<tr class=\"partial\">" : "<tr>";
    for (auto& [name, value] : ReportColumns(periods, p, info, true)) {
      out += "<td>" + Esc(ColumnForPeople(name, value)) + "</td>";
    }
    out += "</tr>\n";
  }
  return out + "</tbody></table></div>\n</section>\n";
}

std::string Notes(const std::vector<PeriodMetrics>& periods, const ReportInfo& info) {
  std::vector<std::string> above_100;  // where, so the reader can find it
  for (const auto& m : periods) {
    if (m.retention_rate && *m.retention_rate > 1.0) {
      above_100.push_back(m.period.label + (m.segment ? " (" + *m.segment + ")" : ""));
    }
  }
  std::string out;
  if (const std::string note = PartialNote(periods, info); !note.empty()) {
    out += "<p><b>* partial:</b> " + Esc(note) + "</p>\n";
  }
  if (!above_100.empty()) {
    // With contracts there is no window to lengthen.
    const bool orders = periods.front().activity == ActivitySource::kOrders;
    std::string where;
    for (size_t i = 0; i < above_100.size() && i < 5; ++i) where += (i ? ", " : "") + above_100[i];
    if (above_100.size() > 5) where += fmt::format(" and {} more", above_100.size() - 5);
    out +=
        "<p><b>Retention above 100%</b> (" + Esc(where) +
        "): retention = (E - N) / S counts reactivated customers "
        "(R) as retained, so it exceeds 100% when more lapsed customers return than active ones "
        "leave." +
        (orders ? " A longer activity window (e.g. --window 90d) gives a steadier picture." : "") +
        "</p>\n";
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
    "<p><b>New (N):</b> first order ever in the period (with contracts: first contract ever "
    "starting in it).</p>\n"
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
  // --compare: the cards show the change against what was asked for.
  if (info.compare) {
    for (size_t i = 0; i < periods.size(); ++i) {
      if (!periods[i].segment) prev = &info.compared.at(i);  // the last total's
    }
  }
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
  if (!info.currency.empty()) out += MetaItem("Money in", info.currency);
  out += "</dl>\n</header>\n<main>\n";

  // --columns: one table of exactly the chosen columns, and nothing else
  // the reader did not ask for.
  if (!info.columns.empty()) {
    out += Notes(periods, info) + ChosenColumnsTable(periods, info) + kDefinitions + "</main>\n";
    return out + PageEnd(info);
  }
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
    if (ps.size() > 1) {
      // Each segment's trend, not only its latest period.
      out += "<section aria-labelledby=\"segtrend-h\">\n<h2 id=\"segtrend-h\">Every period by " +
             Esc(by) + "</h2>\n";
      for (size_t i = 0; i < segments.size();) {
        size_t j = i;
        std::vector<PeriodMetrics> group;
        while (j < segments.size() && segments[j].segment == segments[i].segment) {
          group.push_back(segments[j++]);
        }
        out += "<h3 data-segment>" + Esc(by + " = " + *segments[i].segment) + "</h3>\n" +
               FullTable(group, false, "Period");
        i = j;
      }
      out += "</section>\n";
    }
  }
  out += kDefinitions;
  out += "</main>\n";
  return out + PageEnd(info);
}

}  // namespace retention
