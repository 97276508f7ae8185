#include <fmt/format.h>

#include <algorithm>

#include "cli/print/printers.h"
#include "cli/print/text_format.h"
#include "retention/error.h"

namespace retention {
namespace {

std::string Count(int64_t n) { return std::to_string(n); }

std::string Notes(const std::vector<PeriodMetrics>& periods, const ReportInfo& info) {
  std::string out;
  bool partial = false, above_100 = false;
  for (const auto& m : periods) {
    partial |= m.partial;
    above_100 |= m.retention_rate && *m.retention_rate > 1.0;
  }
  if (partial) {
    out += fmt::format(
        "* partial: the period is not over on {} (--as-of); its figures will still change.\n",
        FormatDate(info.as_of));
  }
  if (above_100) {
    out +=
        "Note: retention = (E - N) / S counts reactivated customers (R) as retained, so it\n"
        "exceeds 100% when more lapsed customers return than active ones leave. A longer\n"
        "activity window (e.g. --window 90d) gives a steadier picture.\n";
  }
  return out;
}

std::string SinglePeriod(const PeriodMetrics& m) {
  std::string activity = m.activity == ActivitySource::kSubscriptions
                             ? std::string("activity from contracts")
                             : "activity window " + WindowText(m.window);
  std::string out = fmt::format("Period {}{}: {} to {} (end exclusive), {}\n\n", m.period.label,
                                m.partial ? "*" : "", FormatDate(m.period.start),
                                FormatDate(m.period.end), activity);
  auto orders = [&](int64_t n) { return m.has_orders ? Count(n) : std::string(kNull); };
  TextTable t;
  t.Add({"Customers at start (S)", Count(m.customers_start)});
  t.Add({"New (N)", Count(m.customers_new)});
  t.Add({"Reactivated (R)", Count(m.customers_reactivated)});
  t.Add({"Lost (L)", Count(m.customers_lost)});
  t.Add({"Customers at end (E)", Count(m.customers_end)});
  t.Add({"Active in period (C)", orders(m.customers_active)});
  t.Add({"  with 2+ orders", orders(m.customers_repeat)});
  t.Add({"  returning", orders(m.customers_returning)});
  t.Add({"Orders (O)", orders(m.orders)});
  t.Add({"Revenue", m.has_orders ? MoneyText(m.revenue) : kNull});
  t.Add({"", ""});
  t.Add({"Churn rate", Percent(m.churn_rate)});
  t.Add({"Retention rate", Percent(m.retention_rate)});
  t.Add({"Repeat rate", Percent(m.repeat_rate)});
  t.Add({"Returning rate", Percent(m.returning_rate)});
  t.Add({"Purchase frequency", Decimal(m.purchase_frequency)});
  t.Add({"Average order value", MoneyText(m.aov)});
  t.Add({"Customer lifetime value", MoneyText(m.clv)});
  out += t.Render("  ");
  if (m.lifespan) {
    out += fmt::format("  (CLV over a lifespan of {:.2f} periods)\n", *m.lifespan);
  }
  return out;
}

std::string SegmentName(const PeriodMetrics& m) {
  // Segment names come from the input: shown escaped on the terminal.
  return m.segment ? EscapeControls(*m.segment) : "(all customers)";
}

// One row per record; the first column names the period or, with
// `by_segment`, the segment.
std::string Series(const std::vector<PeriodMetrics>& periods, bool by_segment = false) {
  TextTable t;
  t.Add({by_segment ? "segment" : "period", "start", "end", "S", "new", "react", "lost", "E",
         "active", "orders", "revenue", "churn", "retention", "repeat", "returning", "freq", "AOV",
         "CLV"});
  for (const auto& m : periods) {
    std::string name = by_segment ? SegmentName(m) : m.period.label;
    t.Add({name + (m.partial ? "*" : ""), FormatDate(m.period.start), FormatDate(m.period.end),
           Count(m.customers_start), Count(m.customers_new), Count(m.customers_reactivated),
           Count(m.customers_lost), Count(m.customers_end),
           m.has_orders ? Count(m.customers_active) : kNull, m.has_orders ? Count(m.orders) : kNull,
           m.has_orders ? MoneyText(m.revenue) : kNull, Percent(m.churn_rate),
           Percent(m.retention_rate), Percent(m.repeat_rate), Percent(m.returning_rate),
           Decimal(m.purchase_frequency), MoneyText(m.aov), MoneyText(m.clv)});
  }
  std::string window = periods.empty() ? ""
                       : periods.front().activity == ActivitySource::kSubscriptions
                           ? std::string("from contracts")
                           : "window " + WindowText(periods.front().window);
  return fmt::format("Activity {}; S/E customers active at start/end, end exclusive.\n\n", window) +
         t.Render();
}

}  // namespace

std::string Segmented(const std::vector<PeriodMetrics>& periods, const ReportInfo& info) {
  // Records come grouped by segment, the total first.
  std::vector<std::vector<PeriodMetrics>> groups;
  for (const auto& m : periods) {
    if (groups.empty() || groups.back().front().segment != m.segment) groups.emplace_back();
    groups.back().push_back(m);
  }
  std::string by = info.segment_column.empty() ? "segment" : info.segment_column;
  if (!groups.empty() && groups.front().size() == 1) {
    const Period& p = periods.front().period;
    return fmt::format(
               "Period {}: {} to {} (end exclusive), by {} (a customer counts in the "
               "segment of their first order)\n\n",
               p.label, FormatDate(p.start), FormatDate(p.end), by) +
           Series(periods, true);
  }
  std::string out;
  for (const auto& group : groups) {
    out += fmt::format("{}{}\n", out.empty() ? "" : "\n",
                       group.front().segment ? EscapeControls(by + " = " + *group.front().segment)
                                             : std::string("All customers"));
    out += Series(group);
  }
  return out;
}

std::string FormatTable(const std::vector<PeriodMetrics>& periods, const ReportInfo& info) {
  std::string body = info.segmented        ? Segmented(periods, info)
                     : periods.size() == 1 ? SinglePeriod(periods.front())
                                           : Series(periods);
  std::string notes = Notes(periods, info);
  return notes.empty() ? body : body + "\n" + notes;
}

}  // namespace retention
