// `retention report` as one SQL query. The query is written once, here; the
// dialect table (dialect.cc) supplies the spellings that differ between
// engines. Each CTE is one step of docs/metrics.md and says which.
//
// Periods, windows and the partial flag are resolved in C++ (the same
// ParsePeriod / SubtractWindow the report uses) and enter the query as
// literals: calendar arithmetic (ISO weeks, month-end clamping) is then
// exactly the report's on every engine, and the engines only compare times.
#include <charconv>
#include <string>
#include <vector>

#include "retention/error.h"
#include "retention/sql.h"
#include "sql/query_writer.h"

namespace retention {

using sql::Dialect;
using sql::Writer;

std::string ReportSql(const SqlReportRequest& request) {
  const Dialect& d = sql::DialectFor(request.dialect);
  sql::CheckSource(request.source, d, request.top);
  if (request.periods.empty()) throw UsageError("the query needs at least one period");
  CheckMetricsOptions(request.options);
  const Writer w(d);
  const SqlSource& s = request.source;
  const MetricsOptions& options = request.options;
  const bool segmented = !s.segment.empty();

  std::string q;
  auto line = [&](const std::string& text) { q += text + "\n"; };

  line("-- retention report as SQL (" + std::string(d.name) +
       "): the figures of docs/metrics.md, one row per period" +
       (segmented ? std::string(" and segment") : std::string()) + ".");
  line("-- As of " + FormatDate(options.as_of) + ": rows dated after it are left out" +
       std::string(options.known_through ? "" : " (not here: no cut-off)") +
       "; periods not over by then are partial.");
  line("WITH");

  sql::WriteOrderSteps(w, s, options.known_through, options.known_through, request.top, &q);

  // Step 3: the periods, as literals.
  line("-- The periods [t0, t1) and the window W: active at t = an order in [t - W, t)");
  line("-- (\"Periods\", \"Being active\"; partial: not over on --as-of).");
  line("periods AS (");
  for (size_t k = 0; k < request.periods.size(); ++k) {
    const Period& p = request.periods[k];
    const Window window = options.window ? *options.window : WindowOfPeriod(p);
    const Time t0 = TimeFromDate(p.start), t1 = TimeFromDate(p.end);
    std::string row =
        std::string(k == 0 ? "  SELECT " : "  UNION ALL SELECT ") + std::to_string(k + 1) +
        " AS seq, " + w.Str(p.label) + " AS label, " + w.DateText(p.start) + " AS start_date, " +
        w.DateText(p.end) + " AS end_date, " + w.Bool(IsPartial(p, options.as_of)) +
        " AS partial, " + w.Str(FormatWindow(window)) + " AS window_label, " + w.Timestamp(t0) +
        " AS t0, " + w.Timestamp(t1) + " AS t1, " + w.Timestamp(SubtractWindow(t0, window)) +
        " AS start_window, " + w.Timestamp(SubtractWindow(t1, window)) + " AS end_window";
    line(row);
  }
  line("),");

  // Step 4: the counts.
  line("-- Each customer's orders in [t0 - W, t1): active at start = one in [t0 - W, t0), active");
  line("-- at end = one in [t1 - W, t1), and the orders inside [t0, t1) (\"Being active\").");
  line("customer_periods AS (");
  line("  SELECT p.seq, p.t0, o.customer_id, o.scope, MIN(o.first_order) AS first_order,");
  line("    MAX(CASE WHEN o.ordered_at < p.t0 THEN 1 ELSE 0 END) AS active_at_start,");
  line("    MAX(CASE WHEN o.ordered_at >= p.end_window THEN 1 ELSE 0 END) AS active_at_end,");
  line("    SUM(CASE WHEN o.ordered_at >= p.t0 THEN 1 ELSE 0 END) AS period_orders");
  line("  FROM periods p");
  line("  JOIN first_orders o ON o.ordered_at >= p.start_window AND o.ordered_at < p.t1");
  line("  GROUP BY p.seq, p.t0, o.customer_id, o.scope");
  line("),");
  line("-- The counts S, E, N, L, R, C, O, repeat and returning (\"The counts\").");
  line("scope_counts AS (");
  line("  SELECT seq, scope,");
  line("    SUM(active_at_start) AS customers_start,");
  line("    SUM(active_at_end) AS customers_end,");
  line("    SUM(CASE WHEN first_order >= t0 THEN 1 ELSE 0 END) AS customers_new,");
  line("    SUM(CASE WHEN active_at_start = 1 AND active_at_end = 0 THEN 1 ELSE 0 END)");
  line("      AS customers_lost,");
  line("    SUM(CASE WHEN first_order < t0 AND active_at_start = 0 AND active_at_end = 1");
  line("      THEN 1 ELSE 0 END) AS customers_reactivated,");
  line("    SUM(CASE WHEN period_orders > 0 THEN 1 ELSE 0 END) AS customers_active,");
  line("    SUM(CASE WHEN period_orders >= 2 THEN 1 ELSE 0 END) AS customers_repeat,");
  line("    SUM(CASE WHEN period_orders > 0 AND first_order < t0 THEN 1 ELSE 0 END)");
  line("      AS customers_returning,");
  line("    SUM(period_orders) AS orders");
  line("  FROM customer_periods");
  line("  GROUP BY seq, scope");
  line("),");
  line("-- Revenue: every amount dated in [t0, t1), purchases and refunds (\"revenue\").");
  line("scope_revenue AS (");
  line("  SELECT p.seq, r.scope, SUM(r.units) AS revenue_units");
  line("  FROM periods p");
  line("  JOIN known_rows r ON r.at_time >= p.t0 AND r.at_time < p.t1");
  line("  GROUP BY p.seq, r.scope");
  line("),");
  static const char* const kCounts[] = {
      "customers_start",  "customers_end",         "customers_new",
      "customers_lost",   "customers_reactivated", "customers_active",
      "customers_repeat", "customers_returning",   "orders"};
  if (segmented) {
    // Every customer is in exactly one group, so the groups' counts and
    // revenue add up to the total (docs/metrics.md, "Segments").
    line("-- All customers: the sum of the groups.");
    line("period_counts AS (");
    line("  SELECT * FROM scope_counts");
    line("  UNION ALL");
    std::string sums;
    for (const char* name : kCounts) sums += std::string(", SUM(") + name + ") AS " + name;
    line("  SELECT seq, 0 AS scope" + sums + " FROM scope_counts GROUP BY seq");
    line("),");
    line("period_revenue AS (");
    line("  SELECT * FROM scope_revenue");
    line("  UNION ALL");
    line("  SELECT seq, 0 AS scope, SUM(revenue_units) AS revenue_units FROM scope_revenue");
    line("  GROUP BY seq");
    line("),");
  } else {
    line("period_counts AS (SELECT * FROM scope_counts),");
    line("period_revenue AS (SELECT * FROM scope_revenue),");
  }
  line("-- Every period and scope, counted or not: what nobody did is 0.");
  line("figures AS (");
  line("  SELECT p.seq, g.scope, p.label, p.start_date, p.end_date, p.partial, p.window_label,");
  for (const char* name : kCounts) {
    line("    " + w.Integer("COALESCE(c." + std::string(name) + ", 0)") + " AS " + name + ",");
  }
  line("    " + w.Integer("COALESCE(v.revenue_units, 0)") + " AS revenue_units" +
       (segmented ? "," : ""));
  if (segmented) line("    g.segment_name");
  line("  FROM periods p CROSS JOIN scopes g");
  line("  LEFT JOIN period_counts c ON c.seq = p.seq AND c.scope = g.scope");
  line("  LEFT JOIN period_revenue v ON v.seq = p.seq AND v.scope = g.scope");
  line("),");
  line("-- The rates, null when the denominator is 0 (\"The rates\", \"Null, not zero\").");
  line("rates AS (");
  line("  SELECT f.*,");
  auto ratio = [&](const std::string& a, const std::string& b) {
    return w.Double(a) + " / NULLIF(" + b + ", 0)";
  };
  line("    " + ratio("customers_lost", "customers_start") + " AS churn_rate,");
  line("    " + ratio("customers_end - customers_new", "customers_start") + " AS retention_rate,");
  line("    " + ratio("customers_repeat", "customers_active") + " AS repeat_rate,");
  line("    " + ratio("customers_returning", "customers_active") + " AS returning_rate,");
  line("    " + ratio("orders", "customers_active") + " AS purchase_frequency");
  line("  FROM figures f");
  line("),");
  line("-- CLV's lifespan: --lifespan, else 1 / churn_rate = customers_start / customers_lost");
  line("-- (none when churn is null or 0), in one division, as the CLI's double.");
  line("lifespans AS (");
  line("  SELECT r.*,");
  if (options.lifespan) {
    line("    " + w.DoubleLiteral(*options.lifespan) + " AS clv_lifespan");
  } else {
    line("    CASE WHEN churn_rate > 0 THEN " + ratio("customers_start", "customers_lost") +
         " END AS clv_lifespan");
  }
  line("  FROM rates r");
  line("),");
  line("-- aov = revenue / O and clv = revenue / C x margin x lifespan, in 1/10000 rounded half");
  line("-- away from zero (\"The rates\").");
  line("money_figures AS (");
  line("  SELECT l.*,");
  line("    CASE WHEN orders > 0 THEN " + w.RoundedQuotient("revenue_units", "orders") +
       " END AS aov_units,");
  const std::string clv_value = w.Double("revenue_units") + " / customers_active * " +
                                w.DoubleLiteral(options.margin) + " * clv_lifespan";
  line("    CASE WHEN orders > 0 AND customers_active > 0 AND clv_lifespan IS NOT NULL THEN");
  line("      " + w.RoundDouble(clv_value, "a CLV") + " END AS clv_units");
  line("  FROM lifespans l");
  line(")");

  // Step 5: the columns of `retention report --format csv`.
  line("-- The columns of `retention report --format csv`, total first, then each segment.");
  line("SELECT");
  std::vector<std::pair<std::string, std::string>> columns;
  if (segmented) columns.push_back({"segment_name", "segment"});
  columns.insert(columns.end(), {{"label", "period"},
                                 {"start_date", "start"},
                                 {"end_date", "end"},
                                 {"partial", "partial"},
                                 {"window_label", "window"}});
  for (const char* name : kCounts) {
    if (std::string(name) != "orders") columns.push_back({name, name});
  }
  columns.push_back({"orders", "orders"});
  columns.push_back({w.Money("revenue_units"), "revenue"});
  for (const char* rate :
       {"churn_rate", "retention_rate", "repeat_rate", "returning_rate", "purchase_frequency"}) {
    columns.push_back({w.DoubleOut(rate), rate});
  }
  columns.push_back(
      {"CASE WHEN aov_units IS NOT NULL THEN " + w.Money("aov_units") + " END", "aov"});
  columns.push_back(
      {"CASE WHEN clv_units IS NOT NULL THEN " + w.Money("clv_units") + " END", "clv"});
  columns.push_back({w.DoubleOut("clv_lifespan"), "clv_lifespan"});
  for (size_t i = 0; i < columns.size(); ++i) {
    line("  " + columns[i].first + " AS " + w.Id(columns[i].second) +
         (i + 1 < columns.size() ? "," : ""));
  }
  line("FROM money_figures");
  line("ORDER BY scope, seq;");
  return q;
}

}  // namespace retention
