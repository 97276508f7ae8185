// `retention cohorts` as one SQL query, built on the same first steps as
// the report's (order_steps.cc). The periods are literals computed by the
// same calendar code the cohorts command uses (PeriodOf, AddUnits), so the
// engines only compare times.
#include <string>
#include <vector>

#include "retention/error.h"
#include "retention/sql.h"
#include "sql/query_writer.h"

namespace retention {
namespace {

// More literal periods than this make a query no engine plans well; the
// cohorts command refuses ranges of this order too.
constexpr int64_t kMaxPeriods = 5000;

}  // namespace

std::string CohortsSql(const SqlCohortsRequest& request) {
  const sql::Dialect& d = sql::DialectFor(request.dialect);
  sql::CheckSource(request.source, d, request.top);
  const sql::Writer w(d);
  const SqlSource& s = request.source;
  const bool segmented = !s.segment.empty();
  const Unit unit = request.unit;

  // Periods from the first cohort's to the last one over on as_of: every
  // cell lies in one of them. Cohorts are the first `cohorts` of them.
  const CivilDate first_start = StartOf(unit, request.from);
  // As `retention cohorts` says it: a range that ends (on --as-of) before
  // its first cohort starts follows no one.
  if (request.as_of < first_start) {
    throw UsageError("the cohort range ends (" + FormatDate(request.as_of) +
                     ") before it starts (" + FormatDate(request.from) + ")");
  }
  std::vector<Period> periods;
  for (int64_t k = 0;; ++k) {
    Period p = PeriodOf(unit, AddUnits(unit, first_start, k));
    if (request.as_of < p.end) break;
    if (k >= kMaxPeriods) {
      throw UsageError("more than " + std::to_string(kMaxPeriods) + " " +
                       std::string(UnitName(unit)) +
                       " periods from --from to --as-of; use a longer unit or a later --from");
    }
    periods.push_back(std::move(p));
  }
  size_t cohorts = periods.size();
  if (request.to) {
    if (StartOf(unit, *request.to) < first_start) {
      throw UsageError("the cohort range ends (" + FormatDate(*request.to) +
                       ") before it starts (" + FormatDate(request.from) + ")");
    }
    cohorts = 0;
    while (cohorts < periods.size() && periods[cohorts].start <= *request.to) ++cohorts;
  }

  std::string q;
  auto line = [&](const std::string& text) { q += text + "\n"; };
  line("-- retention cohorts as SQL (" + std::string(d.name) + "): each " +
       std::string(UnitName(unit)) + "'s new customers followed period by period, one row per");
  line("-- cohort and offset" +
       std::string(segmented ? ", all customers first, then each segment" : "") +
       ". Only periods over on " + FormatDate(request.as_of) + " get a cell.");
  line("WITH");
  sql::WriteOrderSteps(w, s, std::nullopt, request.as_of, request.top, &q);

  line("-- The periods from the first cohort's to the last one over on --as-of (\"Periods\").");
  line("periods AS (");
  // Days as ISO text (w.DateText): a DATE prints as the session says
  // (PostgreSQL's DateStyle), and render reads ISO.
  for (size_t k = 0; k < periods.size(); ++k) {
    const Period& p = periods[k];
    line(std::string(k == 0 ? "  SELECT " : "  UNION ALL SELECT ") + std::to_string(k + 1) +
         " AS seq, " + w.Str(p.label) + " AS label, " + w.DateText(p.start) + " AS start_date, " +
         w.DateText(p.end) + " AS end_date, " + w.Timestamp(TimeFromDate(p.start)) + " AS t0, " +
         w.Timestamp(TimeFromDate(p.end)) + " AS t1");
  }
  if (periods.empty()) {
    // No period is over yet: no cell, only the header.
    line("  SELECT 1 AS seq, " + w.Str("") + " AS label, " + w.DateText(first_start) +
         " AS start_date, " + w.DateText(first_start) + " AS end_date, " + w.Timestamp(0) +
         " AS t0, " + w.Timestamp(0) + " AS t1 WHERE 1 = 0");
  }
  line("),");
  if (request.to) {
    line("-- The cohorts: --from through --to.");
    line("cohort_periods AS (");
    line("  SELECT * FROM periods WHERE seq <= " + std::to_string(cohorts));
    line("),");
  } else {
    // With no order from --from on, the cohorts of the period --from
    // names (its months, for --from 2025-Q3), as `retention cohorts` does.
    const CivilDate from_end =
        request.from_end ? *request.from_end : PeriodOf(unit, request.from).end;
    line("-- The cohorts: from --from through the one holding the last order (a later refund");
    line("-- starts no cohort), or through the period --from names when the orders end before");
    line("-- it, as `retention cohorts` does without --to.");
    line("last_row AS (");
    line("  SELECT MAX(ordered_at) AS last_time FROM merged_orders");
    line("),");
    line("cohort_periods AS (");
    line("  SELECT p.* FROM periods p CROSS JOIN last_row l");
    line("  WHERE l.last_time IS NULL OR p.t0 <= l.last_time");
    line("    OR (l.last_time < " + w.Timestamp(TimeFromDate(first_start)) + " AND p.t0 < " +
         w.Timestamp(TimeFromDate(from_end)) + ")");
    line("),");
  }
  line("-- A customer's cohort is the period of their first order ever; customers with refunds");
  line("-- only have no first order and join no cohort (\"Cohorts\").");
  line("customer_cohorts AS (");
  line("  SELECT f.customer_id, f.scope, c.seq AS cohort_seq");
  line("  FROM (SELECT DISTINCT customer_id, scope, first_order FROM first_orders) f");
  line("  JOIN cohort_periods c ON f.first_order >= c.t0 AND f.first_order < c.t1");
  line("),");
  line("-- size: the customers of each cohort.");
  line("scope_sizes AS (");
  line("  SELECT cohort_seq, scope, COUNT(*) AS cohort_size");
  line("  FROM customer_cohorts");
  line("  GROUP BY cohort_seq, scope");
  line("),");
  line("-- customers_active: cohort customers with an order in the cell's period.");
  line("scope_active AS (");
  line("  SELECT m.cohort_seq, p.seq AS cell_seq, m.scope,");
  line("    COUNT(DISTINCT o.customer_id) AS customers_active");
  line("  FROM merged_orders o");
  line("  JOIN customer_cohorts m ON m.customer_id = o.customer_id");
  line("  JOIN periods p ON o.ordered_at >= p.t0 AND o.ordered_at < p.t1");
  line("  GROUP BY m.cohort_seq, p.seq, m.scope");
  line("),");
  line("-- revenue: every amount of cohort customers dated in the cell's period, refunds");
  line("-- included; amounts dated in a period before the customer's cohort have no cell.");
  line("scope_revenue AS (");
  line("  SELECT m.cohort_seq, p.seq AS cell_seq, m.scope, SUM(r.units) AS revenue_units");
  line("  FROM known_rows r");
  line("  JOIN customer_cohorts m ON m.customer_id = r.customer_id");
  line("  JOIN periods p ON r.at_time >= p.t0 AND r.at_time < p.t1");
  line("  WHERE p.seq >= m.cohort_seq");
  line("  GROUP BY m.cohort_seq, p.seq, m.scope");
  line("),");
  // Every customer is in exactly one group, so sizes, counts and revenue
  // of the groups add up to all customers'.
  auto totals = [&](const std::string& name, const std::string& keys, const std::string& value) {
    line(name + " AS (");
    line("  SELECT * FROM scope_" + name);
    if (segmented) {
      line("  UNION ALL");
      line("  SELECT " + keys + ", 0 AS scope, SUM(" + value + ") AS " + value + " FROM scope_" +
           name + " GROUP BY " + keys);
    }
    line("),");
  };
  if (segmented) line("-- All customers: the sum of the groups.");
  totals("sizes", "cohort_seq", "cohort_size");
  totals("active", "cohort_seq, cell_seq", "customers_active");
  totals("revenue", "cohort_seq, cell_seq", "revenue_units");
  line("-- Every cell of every cohort and scope: offset 0 is the cohort's own period, and the");
  line("-- cells run to the last period over on --as-of; what nobody did is 0.");
  line("cohort_cells AS (");
  line("  SELECT c.seq AS cohort_seq, p.seq AS cell_seq, g.scope, c.label AS cohort_label,");
  line(
      "    c.start_date AS cohort_start, c.end_date AS cohort_end, p.seq - c.seq AS "
      "cell_offset,");
  line("    p.start_date AS period_start, p.end_date AS period_end,");
  line("    " + w.Integer("COALESCE(z.cohort_size, 0)") + " AS cohort_size,");
  line("    " + w.Integer("COALESCE(a.customers_active, 0)") + " AS customers_active,");
  line("    " + w.Integer("COALESCE(v.revenue_units, 0)") + " AS revenue_units" +
       (segmented ? "," : ""));
  if (segmented) line("    g.segment_name");
  line("  FROM cohort_periods c");
  line("  JOIN periods p ON p.seq >= c.seq");
  line("  CROSS JOIN scopes g");
  line("  LEFT JOIN sizes z ON z.cohort_seq = c.seq AND z.scope = g.scope");
  line("  LEFT JOIN active a ON a.cohort_seq = c.seq AND a.cell_seq = p.seq AND a.scope = g.scope");
  line(
      "  LEFT JOIN revenue v ON v.cohort_seq = c.seq AND v.cell_seq = p.seq AND v.scope = g.scope");
  line("),");
  line("-- The cohort's revenue at offset 0, and from offset 0 through this one.");
  line("running AS (");
  line("  SELECT x.*,");
  line("    " +
       w.Integer("SUM(CASE WHEN cell_offset = 0 THEN revenue_units ELSE 0 END)\n"
                 "      OVER (PARTITION BY scope, cohort_seq)") +
       " AS first_revenue_units,");
  line("    " +
       w.Integer("SUM(revenue_units) OVER (PARTITION BY scope, cohort_seq ORDER BY cell_seq\n"
                 "      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)") +
       " AS cumulative_units");
  line("  FROM cohort_cells x");
  line(")");
  line("-- The columns of `retention cohorts --format csv`. retention = customers_active / size;");
  line("-- revenue_retention = revenue / revenue at offset 0; cumulative_revenue_per_customer =");
  line("-- cumulative revenue / size in 1/10000, rounded half away from zero; null, not 0, when");
  line("-- the denominator is 0.");
  line("SELECT");
  std::vector<std::pair<std::string, std::string>> columns;
  if (segmented) columns.push_back({"segment_name", "segment"});
  columns.insert(
      columns.end(),
      {{"cohort_label", "cohort"},
       {"cohort_start", "cohort_start"},
       {"cohort_end", "cohort_end"},
       {"cohort_size", "size"},
       {"cell_offset", "offset"},
       {"period_start", "period_start"},
       {"period_end", "period_end"},
       {"customers_active", "customers_active"},
       {w.DoubleOut("CASE WHEN cohort_size > 0 THEN " + w.Double("customers_active") + " / " +
                    w.Double("cohort_size") + " END"),
        "retention"},
       {w.Money("revenue_units"), "revenue"},
       {w.DoubleOut("CASE WHEN first_revenue_units <> 0 THEN " + w.Double("revenue_units") + " / " +
                    w.Double("first_revenue_units") + " END"),
        "revenue_retention"},
       {"CASE WHEN cohort_size > 0 THEN " +
            w.Money(w.RoundedQuotient("cumulative_units", "cohort_size")) + " END",
        "cumulative_revenue_per_customer"}});
  for (size_t i = 0; i < columns.size(); ++i) {
    line("  " + columns[i].first + " AS " + w.Id(columns[i].second) +
         (i + 1 < columns.size() ? "," : ""));
  }
  line("FROM running");
  line("ORDER BY scope, cohort_seq, cell_seq;");
  return q;
}

}  // namespace retention
