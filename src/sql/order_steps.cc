// The first steps of every query: the source rows read as the loader reads
// a file (customer, order id, local time, amount in 1/10000, segment), the
// orders merged by order id, and each customer's first order ever.
#include <algorithm>
#include <cctype>
#include <string>

#include "base/utf8.h"
#include "load/column_mapping.h"
#include "retention/dates.h"
#include "retention/error.h"
#include "sql/query_writer.h"

namespace retention::sql {

namespace {

// A query as people write it, ending in ';', which no subquery may.
std::string QueryBody(std::string query) {
  while (!query.empty() &&
         (query.back() == ';' || std::isspace(static_cast<unsigned char>(query.back())))) {
    query.pop_back();
  }
  return query;
}

}  // namespace

void CheckSource(const SqlSource& s, const Dialect& d, int top) {
  // The query is printed on a terminal as often as piped to an engine: a
  // control character in a name would reach it raw. No column or table
  // name needs one. A --from-query may hold tabs and line breaks, and
  // right-to-left text in its literals (a Hebrew or Arabic filter value),
  // but no C0 or C1 control either.
  const std::pair<const char*, const std::string*> names[] = {
      {"--table", &s.table},       {"--customer-col", &s.customer},
      {"--order-col", &s.order},   {"--date-col", &s.date},
      {"--amount-col", &s.amount}, {"--quantity-col", &s.quantity},
      {"--price-col", &s.price},   {"--by", &s.segment},
      {"--tz", &s.time_zone},      {"--from-query", &s.query}};
  for (const auto& [flag, name] : names) {
    const bool query = name == &s.query;
    for (size_t i = 0, n = 0; i < name->size(); i += n) {
      const auto c = static_cast<unsigned char>((*name)[i]);
      bool refused = IsTerminalControl(*name, i, &n);
      if (query) {
        const bool layout = c == '\t' || c == '\n' || c == '\r';
        const bool c0_del_c1 = (n == 1 && (c < 0x20 || c == 0x7F)) || (n == 2 && c == 0xC2);
        refused = refused && c0_del_c1 && !layout;
      }
      if (refused) {
        throw UsageError(std::string(flag) + " \"" + EscapeControls(*name) + "\" holds " +
                         (query ? "a control character; type the query anew without it"
                                : "a control character; no name needs one: type it anew"));
      }
    }
  }
  if (s.table.empty() && s.query.empty()) {
    throw UsageError(
        "name the orders table (--table NAME) or give a query (--from-query 'SELECT ...')");
  }
  if (!s.table.empty() && !s.query.empty()) {
    throw UsageError("--table and --from-query both name the orders; give one of them");
  }
  if (!s.table.empty()) {
    // "x..y", ".x", "x.": a part that names nothing.
    const std::string& t = s.table;
    if (t.front() == '.' || t.back() == '.' || t.find("..") != std::string::npos) {
      throw UsageError("--table \"" + t +
                       "\": a dot separates schema and table, so no part may be empty; for a "
                       "name that holds a dot, use --from-query 'SELECT * FROM \"my.table\"'");
    }
    if (std::count(t.begin(), t.end(), '.') > 2) {
      throw UsageError("--table \"" + t +
                       "\": at most database.schema.table; for a name that holds a dot, use "
                       "--from-query 'SELECT * FROM \"my.table\"'");
    }
  }
  if (!s.query.empty() && QueryBody(s.query).empty()) {
    throw UsageError("--from-query is empty; give a SELECT that lists the order rows");
  }
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
    // UTC under any of its names, as histories compare zones.
    const bool utc = TimeZone::IsUtcName(z);
    if (d.zoned_time.empty() && !utc) {
      throw UsageError("--tz " + z + ": " + std::string(d.name) +
                       " has no time zone database, so times cannot be converted to " + z +
                       " exactly; convert them before loading, or use another engine");
    }
    // A DATE shifted as if it were midnight UTC moves a day west of UTC:
    // these engines' queries cannot see a value's type, so the user says.
    const bool tells_per_value =
        d.id == SqlDialect::kPostgres || d.id == SqlDialect::kDuckDb || d.lenient_casts;
    if (!utc && !tells_per_value && s.date_kind == DateKind::kAsTyped) {
      throw UsageError("--tz " + z + " with --dialect " + std::string(d.name) +
                       ": say what the date column holds, since the query cannot tell it in " +
                       std::string(d.name) +
                       ": --date-kind local for dates and times on the zone's clock (DATE, "
                       "DATETIME, TIMESTAMP without a zone), read as they are, or --date-kind "
                       "instant for instants (TIMESTAMPTZ, BigQuery's TIMESTAMP, Snowflake's "
                       "TIMESTAMP_TZ), converted to " +
                       z);
    }
    if (z[0] == '+' || z[0] == '-') {
      throw UsageError("--tz " + z +
                       ": SQL engines disagree on the sign of fixed offsets; name the zone "
                       "(e.g. Europe/Berlin, or UTC)");
    }
  }
  if (top < 0) throw UsageError("--top takes a number of segments, 0 for all");
}

void WriteOrderSteps(const Writer& w, const SqlSource& s, std::optional<CivilDate> known_through,
                     std::optional<CivilDate> segments_known_through, int top, std::string* q) {
  const Dialect& d = w.dialect();
  const bool segmented = !s.segment.empty();
  std::string zone = s.time_zone;
  if (d.zoned_time.empty()) zone.clear();  // UTC in SQLite: datetime() is UTC already
  // "Z", "Etc/Zulu", "GMT": UTC, under the one name every engine knows.
  if (!zone.empty() && TimeZone::IsUtcName(zone)) zone = "UTC";
  auto line = [&](const std::string& text) { *q += text + "\n"; };

  // Step 1: the rows.
  std::string source =
      (s.query.empty() ? QuoteTable(w, s.table) : "(\n" + QueryBody(s.query) + "\n)") +
      " AS source";
  if (d.lenient_casts) {
    // SQLite: the date's ISO text, once per row. OFFSET keeps SQLite from
    // flattening the subquery, which would copy the expression into each
    // of its many uses in LocalTime.
    source = "(SELECT *, " + w.IsoDateText(s.date) + " AS " + w.Id(Writer::kIsoDate) + " FROM " +
             source + " LIMIT -1 OFFSET 0) AS source";
  }
  line("-- The rows: customer, order id, local time, amount. A row without a customer is left");
  line("-- out of every figure (\"Rows without a customer\"; \"Time\").");
  line("source_rows AS (");
  // E-mail addresses are one customer in any case of their ASCII letters,
  // as when reading a file. LOWER would fold others too, except SQLite's.
  std::string customer = w.TrimmedText(s.customer);
  if (NamesEmail(s.customer)) {
    customer = d.lenient_casts ? "LOWER(" + customer + ")"
                               : "TRANSLATE(" + customer +
                                     ", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', "
                                     "'abcdefghijklmnopqrstuvwxyz')";
  }
  line("  SELECT " + customer + " AS customer_id,");
  line("    " +
       (s.order.empty() ? "CAST(NULL AS " + std::string(d.text_type) + ")"
                        : w.TrimmedText(s.order)) +
       " AS order_id,");
  line("    " + w.LocalTime(s.date, zone, s.date_kind) + " AS at_time,");
  if (s.quantity.empty()) {
    line("    " + w.AmountValue(s.amount) + " AS amount,");
  } else {
    line("    " + w.AmountValue(s.quantity, "quantity") + " AS quantity,");
    line("    " + w.AmountValue(s.price, "price") + " AS price,");
  }
  // "usd" and "USD" are one currency, so one segment, as when reading a file.
  const std::string segment = NamesCurrency(s.segment) ? "UPPER(" + w.TrimmedText(s.segment) + ")"
                                                       : w.TrimmedText(s.segment);
  line("    " + (segmented ? "COALESCE(" + segment + ", '')" : std::string("''")) + " AS segment");
  line("  FROM " + source);
  line("  WHERE " + w.SourceColumn(s.customer) + " IS NOT NULL AND " + w.TrimmedText(s.customer) +
       " <> ''");
  line("),");
  line("-- Amounts as whole 1/10000, so sums are exact (\"Exact money\"); a negative amount is a");
  line("-- refund (\"Purchase lines and refunds\").");
  line("order_rows AS (");
  line("  SELECT customer_id, order_id, at_time, segment,");
  line("    " +
       (s.quantity.empty()
            ? w.AmountUnits("amount")
            : w.ProductUnits("quantity", "price", "columns " + s.quantity + " and " + s.price)) +
       " AS units");
  line("  FROM source_rows");
  line("),");
  // Step 2: who is counted where. Every row carries its customer's scope
  // (0 without --by, else the segment group), so no step below joins two
  // large sets: joins of CTEs, whose sizes planners cannot estimate, made
  // PostgreSQL pick nested loops over them.
  if (segmented) {
    line("-- Segments: a customer belongs to the value on their first purchase line, or with only");
    line("-- refunds on their first row, among the rows known on --as-of when they have any");
    line("-- (\"Segments\"). Lines at the same instant: the smallest value.");
    line("segment_rows AS (");
    line("  SELECT r.*, FIRST_VALUE(segment) OVER (PARTITION BY customer_id");
    // Rows known on --as-of first: a later one was not known that day.
    const std::string until = segments_known_through
                                  ? w.Timestamp(TimeFromDate(AddDays(*segments_known_through, 1)))
                                  : std::string();
    const std::string known =
        until.empty() ? std::string() : "CASE WHEN at_time < " + until + " THEN 0 ELSE 1 END, ";
    line("    ORDER BY " + known + "CASE WHEN units >= 0 THEN 0 ELSE 1 END, at_time, " +
         w.ByteOrder("segment"));
    line("    ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS customer_segment");
    line("  FROM order_rows r");
    line("),");
    line("-- Segments by customers with an order, largest first, ties by name; beyond --top they");
    line("-- are summed as (other). As known on --as-of: rows dated later neither rank a segment");
    line("-- nor make one.");
    line("segment_ranks AS (");
    line("  SELECT customer_segment AS segment, ROW_NUMBER() OVER (ORDER BY");
    line("    COUNT(DISTINCT CASE WHEN units >= 0 THEN customer_id END) DESC, " +
         w.ByteOrder("customer_segment") + ") AS segment_rank");
    line("  FROM segment_rows");
    if (!until.empty()) {
      line("  WHERE at_time < " + until);
    }
    line("  GROUP BY customer_segment");
    line("),");
    // The smallest free number: with K segments at most K - 1 of
    // '(word 2)'... exist, so one of 2..K+1 (rank + 1) is free.
    auto label = [&](const std::string& word, const std::string& name, const char* end) {
      const std::string text = " AS " + std::string(d.text_type) + ") || ')'";
      line("    CASE WHEN NOT EXISTS (SELECT 1 FROM segment_ranks WHERE segment = '(" + word +
           ")') THEN '(" + word + ")'");
      line("      ELSE '(" + word +
           " ' || CAST((SELECT MIN(c.segment_rank + 1) FROM segment_ranks c");
      line("        WHERE NOT EXISTS (SELECT 1 FROM segment_ranks s");
      line("          WHERE s.segment = '(" + word + " ' || CAST(c.segment_rank + 1" + text + "))" +
           text);
      line("    END AS " + name + end);
    };
    line("-- The labels of the empty value and of the segments beyond --top: '(empty)' and");
    line("-- '(other)', numbered ('(empty 2)') when a segment has that name, so no two share one.");
    line("segment_labels AS (");
    line("  SELECT");
    label("empty", "empty_label", ",");
    label("other", "other_label", "");
    line("),");
    const std::string top_text = std::to_string(top);
    const std::string beyond = top > 0 ? "segment_rank > " + top_text : std::string("1 = 0");
    line("segment_groups AS (");
    line("  SELECT segment,");
    line("    CASE WHEN " + beyond + " THEN " + std::to_string(top + 1) +
         " ELSE segment_rank END AS scope,");
    line("    CASE WHEN " + beyond +
         " THEN l.other_label WHEN segment = '' THEN l.empty_label ELSE segment END AS "
         "segment_name");
    line("  FROM segment_ranks CROSS JOIN segment_labels l");
    line("),");
    line("-- Scope 0 is every customer, the sum of the groups; the others are the groups.");
    line("scopes AS (");
    if (NamesCurrency(s.segment)) {
      // A sum over currencies is no amount of money: no scope 0, as the
      // CLI leaves the total out when the segments are currencies.
      line("  SELECT DISTINCT scope, segment_name FROM segment_groups");
    } else {
      line("  SELECT 0 AS scope, CAST(NULL AS " + std::string(d.text_type) + ") AS segment_name");
      line("  UNION ALL");
      line("  SELECT DISTINCT scope, segment_name FROM segment_groups");
    }
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
  if (known_through) {
    line("  WHERE at_time < " + w.Timestamp(TimeFromDate(AddDays(*known_through, 1))));
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
}

}  // namespace retention::sql
