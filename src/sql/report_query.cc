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
#include "sql/dialect.h"

namespace retention {
namespace {

using sql::Dialect;
using sql::Fill;

// The bits of SQL that depend on the dialect, named after what they mean.
class Writer {
 public:
  explicit Writer(const Dialect& d) : d_(d) {}

  std::string Id(std::string_view name) const { return sql::QuoteIdentifier(d_, name); }
  std::string Str(std::string_view text) const { return sql::QuoteString(d_, text); }
  std::string Text(const std::string& e) const {
    return "CAST(" + e + " AS " + std::string(d_.text_type) + ")";
  }
  std::string Integer(const std::string& e) const {
    return "CAST(" + e + " AS " + std::string(d_.integer_type) + ")";
  }
  std::string Double(const std::string& e) const {
    return "CAST(" + e + " AS " + std::string(d_.double_type) + ")";
  }
  // A double from its shortest round-trip text: the engine parses exactly
  // the double retention computes with.
  std::string DoubleLiteral(double v) const {
    char buffer[64];
    auto end = std::to_chars(buffer, buffer + sizeof buffer, v).ptr;
    return Double(Str(std::string(buffer, end)));
  }
  std::string Timestamp(Time t) const {
    std::string text = FormatTime(t);
    text[10] = ' ';  // "2024-03-01 00:00:00": what SQLite's datetime() gives
    return Fill(d_.timestamp_literal, Str(text));
  }
  std::string Date(CivilDate date) const { return Fill(d_.date_literal, Str(FormatDate(date))); }
  std::string Bool(bool v) const {
    if (d_.has_boolean) return v ? "TRUE" : "FALSE";
    return v ? "'true'" : "'false'";
  }
  std::string Divide(const std::string& a, const std::string& b) const {
    return Fill(d_.integer_division, a, b);
  }
  // n / d in 1/10000, rounded half away from zero as DivideMoney does
  // (d > 0): sign(n) x floor((2|n| + d) / 2d).
  std::string RoundedQuotient(const std::string& n, const std::string& d) const {
    return "(CASE WHEN " + n + " < 0 THEN -1 ELSE 1 END * " +
           Divide("(2 * ABS(" + n + ") + " + d + ")", "(2 * " + d + ")") + ")";
  }
  // A double rounded half away from zero to a whole number, as llround.
  std::string RoundDouble(const std::string& x) const {
    std::string floor = Fill(d_.floor, "ABS(" + x + ")");
    return Integer("CASE WHEN " + x + " < 0 THEN -1 ELSE 1 END * (" + floor + " + CASE WHEN ABS(" +
                   x + ") - " + floor + " >= 0.5 THEN 1 ELSE 0 END)");
  }
  // Money from whole 1/10000: DECIMAL with 4 places, or in SQLite the
  // exact text "-12.3400".
  std::string Money(const std::string& units) const {
    if (d_.text_money) {
      return "printf('%s%d.%04d', CASE WHEN " + units + " < 0 THEN '-' ELSE '' END, ABS(" + units +
             ") / 10000, ABS(" + units + ") % 10000)";
    }
    std::string decimal(d_.decimal_type);
    return "CAST(CAST(" + units + " AS " + decimal + ") * 0.0001 AS " + decimal + ")";
  }
  // An amount column's value in whole 1/10000. SQLite holds the CSV's text:
  // its digits are read as integers, never through a double.
  std::string AmountUnits(const std::string& amount) const {
    if (!d_.text_money) {
      return Integer(amount + " * 10000");
    }
    std::string body = "LTRIM(" + amount + ", '+-')";
    std::string dot = "INSTR(" + body + ", '.')";
    std::string whole = "CASE WHEN " + dot + " > 0 THEN SUBSTR(" + body + ", 1, " + dot +
                        " - 1) ELSE " + body + " END";
    std::string fraction = "CASE WHEN " + dot + " > 0 THEN SUBSTR(SUBSTR(" + body + ", " + dot +
                           " + 1) || '0000', 1, 4) ELSE '0' END";
    return "(CASE WHEN SUBSTR(" + amount + ", 1, 1) = '-' THEN -1 ELSE 1 END * (CAST(" + whole +
           " AS INTEGER) * 10000 + CAST(" + fraction + " AS INTEGER)))";
  }
  // The value of a column as read into source_rows: decimal, or SQLite text.
  std::string AmountValue(const std::string& column) const {
    if (d_.text_money) return "TRIM(" + Text(column) + ")";
    return "CAST(" + column + " AS " + std::string(d_.decimal_type) + ")";
  }
  // quantity x price in 1/10000, rounded half away from zero (MultiplyMoney).
  std::string ProductUnits(const std::string& quantity, const std::string& price) const {
    if (!d_.text_money) return Integer("ROUND(" + quantity + " * " + price + " * 10000, 0)");
    std::string product = "(" + AmountUnits(quantity) + " * " + AmountUnits(price) + ")";
    return RoundedQuotient(product, "10000");
  }
  std::string LocalTime(const std::string& column, const std::string& zone) const {
    if (zone.empty()) return Fill(d_.local_time, column);
    return Fill(d_.zoned_time, column, Str(zone));
  }
  std::string ByteOrder(const std::string& e) const { return e + std::string(d_.byte_order); }

  const Dialect& dialect() const { return d_; }

 private:
  const Dialect& d_;
};

// "shop.orders" -> "shop"."orders".
std::string QuoteTable(const Writer& w, const std::string& name) {
  std::string out;
  size_t from = 0;
  while (true) {
    size_t dot = name.find('.', from);
    out += w.Id(name.substr(from, dot == std::string::npos ? std::string::npos : dot - from));
    if (dot == std::string::npos) break;
    out += ".";
    from = dot + 1;
  }
  return out;
}

void CheckRequest(const SqlReportRequest& r, const Dialect& d) {
  const SqlSource& s = r.source;
  if (s.table.empty() == s.query.empty()) {
    throw UsageError(
        "name the orders table (--table NAME) or give a query (--from-query 'SELECT ...')");
  }
  if (r.periods.empty()) throw UsageError("the query needs at least one period");
  if (s.customer.empty() || s.date.empty()) {
    throw UsageError("the customer and date columns cannot be empty");
  }
  if (s.quantity.empty() != s.price.empty()) {
    throw UsageError(
        "--quantity-col and --price-col go together (amount = quantity x price); give both, or "
        "--amount-col alone");
  }
  if (s.quantity.empty() && s.amount.empty()) throw UsageError("the amount column cannot be empty");
  if (!s.time_zone.empty()) {
    const std::string& z = s.time_zone;
    bool utc = z == "UTC" || z == "Z" || z == "Etc/UTC";
    if (d.zoned_time.empty() && !utc) {
      throw UsageError("--tz " + z + ": " + std::string(d.name) +
                       " has no time zone database, so times cannot be converted to " + z +
                       " exactly; convert them before loading, or use another engine");
    }
    if (z[0] == '+' || z[0] == '-') {
      throw UsageError("--tz " + z +
                       ": SQL engines disagree on the sign of fixed offsets; name the zone "
                       "(e.g. Europe/Berlin, or UTC)");
    }
  }
  if (r.top < 0) throw UsageError("--top takes a number of segments, 0 for all");
}

}  // namespace

std::string ReportSql(const SqlReportRequest& request) {
  const Dialect& d = sql::DialectFor(request.dialect);
  CheckRequest(request, d);
  const Writer w(d);
  const SqlSource& s = request.source;
  const MetricsOptions& options = request.options;
  const bool segmented = !s.segment.empty();
  std::string zone = s.time_zone;
  if (d.zoned_time.empty()) zone.clear();  // UTC in SQLite: datetime() is UTC already

  std::string q;
  auto line = [&](const std::string& text) { q += text + "\n"; };

  line("-- retention report as SQL (" + std::string(d.name) +
       "): the figures of docs/metrics.md, one row per period" +
       (segmented ? std::string(" and segment") : std::string()) + ".");
  line("-- As of " + FormatDate(options.as_of) + ": rows dated after it are left out" +
       std::string(options.known_through ? "" : " (not here: no cut-off)") +
       "; periods not over by then are partial.");
  line("WITH");

  // Step 1: the rows.
  const std::string source =
      s.query.empty() ? QuoteTable(w, s.table) : "(\n" + s.query + "\n) AS source";
  line("-- The rows: customer, order id, local time, amount. A row without a customer is left");
  line("-- out of every figure (\"Rows without a customer\"; \"Time\").");
  line("source_rows AS (");
  line("  SELECT " + w.Text(w.Id(s.customer)) + " AS customer_id,");
  line(
      "    " +
      (s.order.empty() ? "CAST(NULL AS " + std::string(d.text_type) + ")" : w.Text(w.Id(s.order))) +
      " AS order_id,");
  line("    " + w.LocalTime(w.Id(s.date), zone) + " AS at_time,");
  if (s.quantity.empty()) {
    line("    " + w.AmountValue(w.Id(s.amount)) + " AS amount,");
  } else {
    line("    " + w.AmountValue(w.Id(s.quantity)) + " AS quantity,");
    line("    " + w.AmountValue(w.Id(s.price)) + " AS price,");
  }
  line("    " + (segmented ? "COALESCE(" + w.Text(w.Id(s.segment)) + ", '')" : std::string("''")) +
       " AS segment");
  line("  FROM " + source);
  line("  WHERE " + w.Id(s.customer) + " IS NOT NULL AND " + w.Text(w.Id(s.customer)) + " <> ''");
  line("),");
  line("-- Amounts as whole 1/10000, so sums are exact (\"Exact money\"); a negative amount is a");
  line("-- refund (\"Purchase lines and refunds\").");
  line("order_rows AS (");
  line("  SELECT customer_id, order_id, at_time, segment,");
  line("    " +
       (s.quantity.empty() ? w.AmountUnits("amount") : w.ProductUnits("quantity", "price")) +
       " AS units");
  line("  FROM source_rows");
  line("),");
  // Step 2: who is counted where. Every row carries its customer's scope
  // (0 without --by, else the segment group), so no step below joins two
  // large sets: joins of CTEs, whose sizes planners cannot estimate, made
  // PostgreSQL pick nested loops over them.
  if (segmented) {
    line("-- Segments: a customer belongs to the value on their first purchase line, or with only");
    line("-- refunds on their first row, over every row loaded (\"Segments\"). Lines at the same");
    line("-- instant: the smallest value.");
    line("segment_rows AS (");
    line("  SELECT r.*, FIRST_VALUE(segment) OVER (PARTITION BY customer_id");
    line("    ORDER BY CASE WHEN units >= 0 THEN 0 ELSE 1 END, at_time, " + w.ByteOrder("segment"));
    line("    ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS customer_segment");
    line("  FROM order_rows r");
    line("),");
    line("-- Segments by customers with an order, largest first, ties by name; beyond --top they");
    line("-- are summed as (other).");
    line("segment_ranks AS (");
    line("  SELECT customer_segment AS segment, ROW_NUMBER() OVER (ORDER BY");
    line("    COUNT(DISTINCT CASE WHEN units >= 0 THEN customer_id END) DESC, " +
         w.ByteOrder("customer_segment") + ") AS segment_rank");
    line("  FROM segment_rows");
    line("  GROUP BY customer_segment");
    line("),");
    const std::string top = std::to_string(request.top);
    const std::string beyond = request.top > 0 ? "segment_rank > " + top : std::string("1 = 0");
    line("segment_groups AS (");
    line("  SELECT segment,");
    line("    CASE WHEN " + beyond + " THEN " + std::to_string(request.top + 1) +
         " ELSE segment_rank END AS scope,");
    line("    CASE WHEN " + beyond +
         " THEN '(other)' WHEN segment = '' THEN '(empty)' ELSE segment END AS segment_name");
    line("  FROM segment_ranks");
    line("),");
    line("-- Scope 0 is every customer, the sum of the groups; the others are the groups.");
    line("scopes AS (");
    line("  SELECT 0 AS scope, CAST(NULL AS " + std::string(d.text_type) + ") AS segment_name");
    line("  UNION ALL");
    line("  SELECT DISTINCT scope, segment_name FROM segment_groups");
    line("),");
    line("scoped_rows AS (");
    line("  SELECT r.customer_id, r.order_id, r.at_time, r.units, g.scope");
    line("  FROM segment_rows r JOIN segment_groups g ON g.segment = r.customer_segment");
    line("),");
  } else {
    line("-- One scope: every customer.");
    line("scopes AS (");
    line("  SELECT 0 AS scope");
    line("),");
    line("scoped_rows AS (");
    line("  SELECT customer_id, order_id, at_time, units, 0 AS scope FROM order_rows");
    line("),");
  }
  line("-- The figures as known on --as-of: rows dated after that day count nowhere.");
  line("known_rows AS (");
  line("  SELECT * FROM scoped_rows");
  if (options.known_through) {
    line("  WHERE at_time < " + w.Timestamp(TimeFromDate(AddDays(*options.known_through, 1))));
  }
  line("),");
  // Not named "orders": that is the usual name of the source table, and
  // SQLite resolves a CTE of the same name before the table.
  line("-- Orders: purchase lines sharing an order id are one order, placed at the earliest of");
  line("-- their times; a line without an order id is an order of its own; refunds are never");
  line("-- orders (\"Orders\").");
  line("merged_orders AS (");
  if (!s.order.empty()) {
    line("  SELECT customer_id, scope, MIN(at_time) AS ordered_at FROM known_rows");
    line("  WHERE units >= 0 AND order_id IS NOT NULL AND order_id <> ''");
    line("  GROUP BY customer_id, scope, order_id");
    line("  UNION ALL");
  }
  line("  SELECT customer_id, scope, at_time AS ordered_at FROM known_rows");
  line("  WHERE units >= 0 AND (order_id IS NULL OR order_id = '')");
  line("),");
  line("-- First order ever: each customer's earliest order in the whole history (N, returning),");
  line("-- beside each of their orders.");
  line("first_orders AS (");
  line("  SELECT o.*, MIN(ordered_at) OVER (PARTITION BY customer_id) AS first_order");
  line("  FROM merged_orders o");
  line("),");

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
        " AS seq, " + w.Str(p.label) + " AS label, " + w.Date(p.start) + " AS start_date, " +
        w.Date(p.end) + " AS end_date, " + w.Bool(IsPartial(p, options.as_of)) + " AS partial, " +
        w.Str(FormatWindow(window)) + " AS window_label, " + w.Timestamp(t0) + " AS t0, " +
        w.Timestamp(t1) + " AS t1, " + w.Timestamp(SubtractWindow(t0, window)) +
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
  line("-- CLV's lifespan: --lifespan, else 1 / churn_rate (none when churn is null or 0).");
  line("lifespans AS (");
  line("  SELECT r.*,");
  if (options.lifespan) {
    line("    " + w.DoubleLiteral(*options.lifespan) + " AS clv_lifespan");
  } else {
    line("    CASE WHEN churn_rate > 0 THEN " + w.DoubleLiteral(1.0) +
         " / churn_rate END AS clv_lifespan");
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
  line("      " + w.RoundDouble(clv_value) + " END AS clv_units");
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
    columns.push_back({rate, rate});
  }
  columns.push_back(
      {"CASE WHEN aov_units IS NOT NULL THEN " + w.Money("aov_units") + " END", "aov"});
  columns.push_back(
      {"CASE WHEN clv_units IS NOT NULL THEN " + w.Money("clv_units") + " END", "clv"});
  columns.push_back({"clv_lifespan", "clv_lifespan"});
  for (size_t i = 0; i < columns.size(); ++i) {
    line("  " + columns[i].first + " AS " + w.Id(columns[i].second) +
         (i + 1 < columns.size() ? "," : ""));
  }
  line("FROM money_figures");
  line("ORDER BY scope, seq;");
  return q;
}

}  // namespace retention
